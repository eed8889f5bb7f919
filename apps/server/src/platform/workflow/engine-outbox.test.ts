// A transition's outbox event: waiting for the publisher when a module handles its topic,
// stored already published when none does (the publisher would only have marked it).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../test-support/harness.ts';
import { anonymous, grantOf, type Principal } from '../auth/principal.ts';
import { systemActor } from '../audit/ledger.ts';
import { publishDueEvents, subscribe } from '../events/index.ts';
import { performAction, startInstance } from './index.ts';
import { sampleWorkflow } from './fixtures/sample-workflow.ts';

const staff = (role: 'dispatcher' | 'handler'): Principal => ({
  ...anonymous,
  kind: 'user',
  userId: role === 'dispatcher' ? 1 : 2,
  username: role,
  displayName: role,
  userKind: 'staff',
  regionCode: '500103',
  grants: [grantOf(role, '500103', role === 'handler' ? 2 : null)],
});

for (const kind of databaseKinds()) {
  describe(`workflow outbox events (${kind})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await openTestDatabase(kind);
    });
    after(() => database.close());

    it('does leave an event a module handles to the publisher and store the others published', async () => {
      const handled: string[] = [];
      const stop = subscribe('sample.case.dispatch', async (event) => {
        handled.push(String(event.payload.subjectId));
      });
      try {
        await startInstance(database.db, {
          definition: sampleWorkflow,
          subjectType: 'sample',
          subjectId: 'O1',
          regionCode: '500103001',
          departmentId: 2,
          actor: systemActor,
        });
        const act = (who: Principal, action: string, note?: string) =>
          performAction(database.db, {
            ref: { subjectType: 'sample', subjectId: 'O1' },
            action,
            principal: who,
            note: note ?? null,
          });
        await act(staff('dispatcher'), 'dispatch');
        await act(staff('handler'), 'wait', '等材料');
        const events = async () =>
          (
            await sql<{ topic: string; is_published: boolean }>`
              SELECT topic, published_at IS NOT NULL AS is_published FROM outbox
              WHERE payload->>'subjectId' = 'O1' ORDER BY id`.execute(database.db)
          ).rows;
        assert.deepEqual(await events(), [
          { topic: 'sample.case.start', is_published: true },
          { topic: 'sample.case.dispatch', is_published: false },
          { topic: 'sample.case.wait', is_published: true },
        ]);
        await publishDueEvents(database.db);
        assert.deepEqual(handled, ['O1']);
        assert.ok((await events()).every((e) => e.is_published));
      } finally {
        stop();
      }
    });
  });
}
