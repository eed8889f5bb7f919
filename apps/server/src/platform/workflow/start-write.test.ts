// A start written as one statement with a follow-up step: the instance after both steps, two
// history entries, two events in order, and two audit entries that keep the hash chain intact,
// on a chain not yet started and on one that already has entries.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../test-support/harness.ts';
import { anonymous, grantOf, type Principal } from '../auth/principal.ts';
import { appendAudit, systemActor } from '../audit/ledger.ts';
import { verifyAuditLedger } from '../audit/verify.ts';
import { ensureCalendarLoaded } from '../calendar/calendar-store.ts';
import { preparedStatement, runStatement } from '../db/prepared.ts';
import { reserveInstanceId } from './instance-repository.ts';
import { planFollowUp, planStart, startCtes, startParams } from './start-write.ts';
import { sampleWorkflow } from './fixtures/sample-workflow.ts';

const dispatcher: Principal = {
  ...anonymous,
  kind: 'user',
  userId: 1,
  username: 'dispatcher',
  displayName: 'dispatcher',
  userKind: 'staff',
  regionCode: '500103',
  grants: [grantOf('dispatcher', '500103', null)],
};

const startAndDispatch = preparedStatement(
  'test_workflow_start_dispatch',
  `WITH ${startCtes(1, 2)} SELECT (SELECT count(*) FROM audit_entry) AS audited FROM wf_instance`,
);

for (const kind of databaseKinds()) {
  describe(`workflow start with a follow-up step in one statement (${kind})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await openTestDatabase(kind);
    });
    after(() => database.close());

    const startDispatched = async (subjectId: string) => {
      const { db } = database;
      const calendar = await ensureCalendarLoaded(db);
      const now = new Date();
      const started = planStart(
        {
          definition: sampleWorkflow,
          subjectType: 'sample',
          subjectId,
          regionCode: '500103001',
          departmentId: 2,
          actor: systemActor,
          now,
        },
        await reserveInstanceId(db),
        calendar,
      );
      const planned = planFollowUp(
        started,
        { action: 'dispatch', principal: dispatcher, now },
        calendar,
      );
      const rows = await runStatement<{ audited: number | string }>(
        db,
        startAndDispatch,
        startParams(planned),
      );
      assert.equal(Number(rows[0]!.audited), 2);
      return planned;
    };

    it('does write the instance after both steps with its history, events and timers', async () => {
      const planned = await startDispatched('F1');
      const { db } = database;
      const instance = await db
        .selectFrom('workflow_instances')
        .selectAll()
        .where('id', '=', planned.instance.id)
        .executeTakeFirstOrThrow();
      assert.equal(instance.state, 'handling');
      assert.equal(instance.history_count, 2);
      assert.deepEqual(instance.deadline_at, planned.instance.deadline_at);
      const history = await db
        .selectFrom('workflow_history')
        .select(['seq', 'action', 'from_state', 'to_state'])
        .where('instance_id', '=', instance.id)
        .orderBy('seq')
        .execute();
      assert.deepEqual(history, [
        { seq: 1, action: 'start', from_state: null, to_state: 'filed' },
        { seq: 2, action: 'dispatch', from_state: 'filed', to_state: 'handling' },
      ]);
      const topics = await sql<{ topic: string }>`
        SELECT topic FROM outbox WHERE payload->>'subjectId' = 'F1' ORDER BY id`.execute(db);
      assert.deepEqual(
        topics.rows.map((r) => r.topic),
        ['sample.case.start', 'sample.case.dispatch'],
      );
      // The state timers of 'filed' went with the dispatch; the instance's stay.
      const timers = await db
        .selectFrom('workflow_timers')
        .select(['target', 'kind'])
        .where('instance_id', '=', instance.id)
        .orderBy('id')
        .execute();
      assert.ok(timers.length > 0);
      assert.ok(timers.every((t) => t.target === 'instance'));
    });

    it('does keep the audit chain intact on a new chain and after earlier entries', async () => {
      const { db } = database;
      // An entry of the next subject first: its chain then has a head to continue from.
      await appendAudit(db, {
        actor: systemActor,
        action: 'sample.note',
        subjectType: 'sample',
        subjectId: 'F2',
        regionCode: '500103001',
      });
      await startDispatched('F2');
      const entries = await db
        .selectFrom('audit_log')
        .select(['action', 'seq', 'chain'])
        .where('subject_type', '=', 'sample')
        .where('subject_id', '=', 'F2')
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        entries.map((e) => e.action),
        ['sample.note', 'sample.case.start', 'sample.case.dispatch'],
      );
      assert.equal(Number(entries[2]!.seq), Number(entries[1]!.seq) + 1);
      const verified = await verifyAuditLedger(db);
      assert.equal(verified.isIntact, true, JSON.stringify(verified.problem));
      assert.ok(verified.entries >= 5);
    });
  });
}
