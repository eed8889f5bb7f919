import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../test-support/harness.ts';
import fc from 'fast-check';
import {
  appendAudit,
  hashEntry,
  hashFromTemplate,
  hashTemplateOf,
  setAuditChainCount,
  systemActor,
} from './ledger.ts';
import { verifyAuditLedger } from './verify.ts';
import { canonicalJson } from './canonical-json.ts';

const actor = { id: 7, kind: 'user' as const, name: 'clerk' };

async function fill(database: TestDatabase, n: number) {
  for (let i = 0; i < n; i++) {
    await database.db.transaction().execute((trx) =>
      appendAudit(trx, {
        actor: i % 2 ? actor : systemActor,
        action: 'case.dispatch',
        subjectType: 'case',
        subjectId: `C${i % 5}`,
        regionCode: '500103',
        data: { step: i, note: '派遣', nested: { b: 2, a: [1, 'x'] } },
      }),
    );
  }
}

// Tampering needs the append-only trigger out of the way, as a database superuser could do.
async function tamper(database: TestDatabase, statement: string) {
  await sql.raw('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only').execute(database.db);
  await sql.raw(statement).execute(database.db);
  await sql.raw('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only').execute(database.db);
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: undefined } }),
      '{"a":{"d":[2,{"y":null,"z":1}]},"b":1}',
    );
  });
});

describe('hash template', () => {
  it('gives the hash of the whole entry once the head supplies prev_hash and seq', () => {
    // Data that imitates the spliced fields must not confuse the template.
    const tricky = fc.oneof(
      fc.constantFrom('prev_hash', 'seq', '"prev_hash":"', '\u0000prev_hash', '\u0000seq'),
      fc.string(),
    );
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        tricky,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(tricky, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(
        fc.record({
          chain: fc.nat(64),
          at: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
          actor_id: fc.option(fc.nat()),
          actor_kind: fc.constantFrom('user', 'api_key', 'system'),
          actor_name: tricky,
          action: tricky,
          subject_type: tricky,
          subject_id: tricky,
          region_code: fc.string(),
          department_id: fc.option(fc.nat()),
          person_id: fc.option(fc.nat()),
          purpose: fc.option(tricky),
          data: fc.dictionary(tricky, json, { maxKeys: 5 }),
        }),
        fc.stringMatching(/^[0-9a-f]{64}$/),
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (fields, prev, seq) => {
          const expected = hashEntry({ ...fields, prev_hash: prev, seq });
          assert.equal(hashFromTemplate(hashTemplateOf(fields), prev, seq), expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});

for (const kind of databaseKinds()) {
  describe(`audit ledger (${kind})`, () => {
    let database: TestDatabase;
    before(async () => {
      setAuditChainCount(4);
      database = await openTestDatabase(kind);
    });
    after(() => database.close());

    async function fresh() {
      await tamper(database, 'DELETE FROM audit_log');
      await sql.raw('DELETE FROM audit_chains').execute(database.db);
      await fill(database, 20);
      const ok = await verifyAuditLedger(database.db);
      assert.equal(ok.isIntact, true, JSON.stringify(ok.problem));
      assert.equal(ok.entries, 20);
    }

    it('spreads entries over several chains and verifies them intact', async () => {
      await fresh();
      const chains = await database.db.selectFrom('audit_chains').select('chain').execute();
      assert.ok(chains.length > 1, 'entries should use more than one chain');
    });

    it('refuses updates and deletes at the database', async () => {
      await fresh();
      await assert.rejects(
        sql.raw(`UPDATE audit_log SET action = 'x'`).execute(database.db),
        /append-only/,
      );
      await assert.rejects(sql.raw('DELETE FROM audit_log').execute(database.db), /append-only/);
    });

    it('names the edited entry', async () => {
      await fresh();
      const victim = await database.db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('id')
        .offset(7)
        .limit(1)
        .executeTakeFirstOrThrow();
      await tamper(
        database,
        `UPDATE audit_log SET actor_name = 'someone-else' WHERE id = ${victim.id}`,
      );
      const result = await verifyAuditLedger(database.db);
      assert.equal(result.isIntact, false);
      assert.equal(result.problem?.id, victim.id);
      assert.match(result.problem.reason, /hash/);
    });

    it('notices an edited data payload', async () => {
      await fresh();
      const victim = await database.db
        .selectFrom('audit_log')
        .selectAll()
        .orderBy('id')
        .offset(3)
        .limit(1)
        .executeTakeFirstOrThrow();
      await tamper(database, `UPDATE audit_log SET data = '{"step": 999}' WHERE id = ${victim.id}`);
      const result = await verifyAuditLedger(database.db);
      assert.equal(result.problem?.id, victim.id);
    });

    it('notices a deleted entry in the middle of a chain', async () => {
      await fresh();
      const victim = await database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '=', 2)
        .orderBy('id')
        .limit(1)
        .executeTakeFirstOrThrow();
      await tamper(database, `DELETE FROM audit_log WHERE id = ${victim.id}`);
      const result = await verifyAuditLedger(database.db);
      assert.equal(result.isIntact, false);
      assert.equal(result.problem?.chain, victim.chain);
      assert.equal(result.problem?.seq, 2);
    });

    it('notices the last entry of a chain deleted', async () => {
      await fresh();
      const head = await database.db
        .selectFrom('audit_chains')
        .selectAll()
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      await tamper(
        database,
        `DELETE FROM audit_log WHERE chain = ${head.chain} AND seq = ${head.seq}`,
      );
      const result = await verifyAuditLedger(database.db);
      assert.equal(result.isIntact, false);
      assert.equal(result.problem?.chain, head.chain);
    });

    it('notices two entries swapped (reordered)', async () => {
      await fresh();
      const rows = await database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', 'in', [2, 3])
        .orderBy('chain')
        .orderBy('seq')
        .limit(2)
        .execute();
      const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]];
      assert.equal(a.chain, b.chain);
      await tamper(
        database,
        `UPDATE audit_log SET seq = -1 WHERE id = ${a.id};
         UPDATE audit_log SET seq = ${a.seq} WHERE id = ${b.id};
         UPDATE audit_log SET seq = ${b.seq} WHERE id = ${a.id};`,
      );
      const result = await verifyAuditLedger(database.db);
      assert.equal(result.isIntact, false);
      assert.equal(result.problem?.seq, 2);
    });
  });
}
