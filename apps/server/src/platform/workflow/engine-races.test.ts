// The engine when the instance changes under it: a transition is written only on the version
// of the row it was decided on, a stale remembered copy never decides a refusal, and
// concurrent actions on one instance (two processes on PostgreSQL) happen one after the other.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../test-support/harness.ts';
import { anonymous, grantOf, type Principal } from '../auth/principal.ts';
import type { Role } from '../auth/permissions.ts';
import { AppError } from '../errors.ts';
import { systemActor } from '../audit/ledger.ts';
import { verifyAuditLedger } from '../audit/verify.ts';
import { openPostgres, type Db } from '../db/database.ts';
import { performAction, startInstance } from './index.ts';
import { sampleWorkflow } from './fixtures/sample-workflow.ts';

const REGION = '500103001';
const DEPT = 2;
const at = (local: string) => new Date(`${local}+08:00`);

function staff(userId: number, role: Role, regionCode: string): Principal {
  return {
    ...anonymous,
    kind: 'user',
    userId,
    username: `${role}${userId}`,
    displayName: role,
    userKind: 'staff',
    regionCode,
    grants: [grantOf(role, regionCode, role === 'handler' ? DEPT : null)],
  };
}

const dispatcher = staff(1, 'dispatcher', '500103');
const handler = staff(2, 'handler', '500103');

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a refusal');
}

for (const kind of databaseKinds()) {
  describe(`workflow engine under concurrent change (${kind})`, () => {
    let database: TestDatabase;
    let n = 0;
    let subjectId = '';
    before(async () => {
      database = await openTestDatabase(kind);
    });
    after(() => database.close());
    beforeEach(() => {
      subjectId = `R${++n}`;
    });

    const start = (db: Db = database.db) =>
      startInstance(db, {
        definition: sampleWorkflow,
        subjectType: 'sample',
        subjectId,
        regionCode: REGION,
        departmentId: DEPT,
        actor: systemActor,
        now: at('2026-09-15T10:00:00'),
      });
    const act = (db: Db, who: Principal, action: string, note?: string) =>
      performAction(db, {
        ref: { subjectType: 'sample', subjectId },
        action,
        principal: who,
        note: note ?? null,
        now: at('2026-09-15T10:30:00'),
      });
    // Another writer: inside a transaction the engine neither reads nor fills the remembered copy.
    const actElsewhere = (who: Principal, action: string, note?: string) =>
      database.db.transaction().execute((trx) => act(trx, who, action, note));
    const historyOf = async () =>
      (
        await database.db
          .selectFrom('workflow_history as h')
          .innerJoin('workflow_instances as i', 'i.id', 'h.instance_id')
          .select(['h.seq', 'h.action'])
          .where('i.subject_id', '=', subjectId)
          .orderBy('h.seq')
          .execute()
      ).map((h) => `${h.seq}:${h.action}`);

    it('does refuse on the current state when the copy it remembered is stale', async () => {
      await start();
      await act(database.db, dispatcher, 'dispatch'); // remembered as 'handling'
      await actElsewhere(handler, 'wait', '等材料'); // now 'waiting'
      const error = await refusal(act(database.db, handler, 'wait', '又等'));
      assert.equal(error.code, 'state_conflict');
      assert.match(error.message, /state "waiting"/);
      assert.deepEqual(await historyOf(), ['1:start', '2:dispatch', '3:wait']);
    });

    it('does not refuse on a stale copy an action the current state allows', async () => {
      await start();
      await act(database.db, dispatcher, 'dispatch'); // remembered as 'handling'
      await actElsewhere(handler, 'wait', '等材料'); // now 'waiting': resume is allowed
      const resumed = await act(database.db, handler, 'resume');
      assert.equal(resumed.instance.state, 'handling');
      assert.equal(resumed.entry.seq, 4);
      assert.deepEqual(await historyOf(), ['1:start', '2:dispatch', '3:wait', '4:resume']);
      // And the copy remembered after that write is good for the next action.
      const waiting = await act(database.db, handler, 'wait', '再等');
      assert.equal(waiting.entry.seq, 5);
    });

    it('does let exactly one of two racing identical actions through', async () => {
      await start();
      await act(database.db, dispatcher, 'dispatch');
      const results = await Promise.allSettled([
        act(database.db, handler, 'wait', 'a'),
        act(database.db, handler, 'wait', 'b'),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      const failed = results.find((r) => r.status === 'rejected');
      assert.equal((failed?.reason as AppError).code, 'state_conflict');
      assert.deepEqual(await historyOf(), ['1:start', '2:dispatch', '3:wait']);
      assert.equal((await verifyAuditLedger(database.db)).isIntact, true);
    });

    if (kind === 'postgres') {
      it('does keep history and the ledger whole while two processes race on one instance', async () => {
        const other = openPostgres(database.url!, 4);
        try {
          await start();
          await act(database.db, dispatcher, 'dispatch');
          // Both "processes" flip the instance between handling and waiting as fast as they can;
          // each answer is either a step or a 409 after a fresh read, never a lost or double step.
          const flip = async (db: Db) => {
            let steps = 0;
            for (let i = 0; i < 30; i++) {
              for (const [action, note] of [
                ['wait', '等'],
                ['resume', undefined],
              ] as const) {
                try {
                  await act(db, handler, action, note);
                  steps++;
                } catch (error) {
                  if (!(error instanceof AppError) || error.code !== 'state_conflict') throw error;
                }
              }
            }
            return steps;
          };
          const [a, b] = await Promise.all([flip(database.db), flip(other.db)]);
          const history = await historyOf();
          assert.equal(history.length, 2 + a + b);
          history.forEach((h, i) => assert.ok(h.startsWith(`${i + 1}:`), h));
          for (let i = 2; i < history.length; i++) {
            const expected = i % 2 === 1 ? 'resume' : 'wait';
            assert.equal(history[i]!.split(':')[1], expected, 'steps alternate: none lost');
          }
          const verified = await verifyAuditLedger(database.db);
          assert.equal(verified.isIntact, true, JSON.stringify(verified.problem));
        } finally {
          await other.close();
        }
      });
    }
  });
}
