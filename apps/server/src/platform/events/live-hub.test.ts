// The per-process tail: ids that commit out of order are still delivered, for a while.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql } from '../db/database.ts';
import { anonymous, grantOf, type Principal } from '../auth/principal.ts';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../test-support/harness.ts';
import { createLiveHub, type LiveHub } from './live-hub.ts';
import './audience.ts';

const cityStaff: Principal = {
  ...anonymous,
  kind: 'user',
  userId: 1,
  userKind: 'staff',
  grants: [grantOf('dispatcher', '500000', null)],
};

for (const kind of databaseKinds()) {
  describe(`live hub tail (${kind})`, () => {
    let database: TestDatabase;
    let hub: LiveHub;
    const delivered: number[] = [];
    const tapped: number[] = [];
    let lost = 0;

    before(async () => {
      database = await openTestDatabase(kind);
      hub = createLiveHub(database.db, { pollMs: 60_000, gapWaitMs: 400 });
      hub.attach({
        principal: cityStaff,
        key: 'user:1',
        matchesTopic: () => true,
        deliver: (event) => delivered.push(event.id),
        close: () => {},
      });
      hub.tap({
        events: (batch) => void tapped.push(...batch.map((e) => e.id)),
        lost: () => void lost++,
      });
    });
    after(async () => {
      await hub.stop();
      await database.close();
    });

    // Explicit ids stand in for sequence values that commit out of order.
    const insertWithId = (id: number) =>
      sql`INSERT INTO outbox (id, topic, region_code, payload) VALUES (${id}, 'gap.x', '500103', '{}')`.execute(
        database.db,
      );

    it('does start after the events that exist and deliver a skipped id once it commits', async () => {
      await insertWithId(1);
      await hub.ensureTailing();
      assert.equal(hub.cursor, 1);
      await insertWithId(3);
      await hub.poll();
      assert.deepEqual(delivered, [3]);
      await insertWithId(2);
      await hub.poll();
      assert.deepEqual(delivered, [3, 2]);
      await hub.poll();
      assert.deepEqual(delivered, [3, 2], 'nothing twice');
      assert.deepEqual(tapped, [3, 2], 'taps see what clients see');
      assert.equal(lost, 0);
      assert.ok(Date.now() - hub.polledUpTo < 5000, 'the poll is recorded');
    });

    it('does stop looking for a skipped id after the gap wait', async () => {
      await insertWithId(6);
      await hub.poll();
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(lost, 0, 'a skipped id is waited for');
      await hub.poll(); // ids 4 and 5 are given up here (a rolled-back transaction)
      assert.equal(lost, 1, 'taps hear that an id was given up (it might have been slow)');
      await insertWithId(5);
      await hub.poll();
      assert.deepEqual(delivered, [3, 2, 6]);
      assert.deepEqual(tapped, [3, 2, 6]);
    });

    if (kind === 'postgres') {
      it('does deliver an event whose transaction commits after a later one', async () => {
        await sql`SELECT setval('outbox_id_seq', 100)`.execute(database.db);
        await hub.poll();
        const slow = new pg.Client({ connectionString: database.url });
        await slow.connect();
        try {
          await slow.query('BEGIN');
          const { rows } = await slow.query<{ id: string }>(
            `INSERT INTO outbox (topic, region_code, payload) VALUES ('gap.slow', '500103', '{}') RETURNING id`,
          );
          const fast = await database.db
            .insertInto('outbox')
            .values({ topic: 'gap.fast', region_code: '500103', payload: '{}' })
            .returning('id')
            .executeTakeFirstOrThrow();
          await hub.poll();
          assert.equal(delivered.at(-1), fast.id);
          await slow.query('COMMIT');
          await hub.poll();
          assert.equal(delivered.at(-1), Number(rows[0]!.id));
          assert.ok(Number(rows[0]!.id) < fast.id);
        } finally {
          await slow.end();
        }
      });
    }
  });
}
