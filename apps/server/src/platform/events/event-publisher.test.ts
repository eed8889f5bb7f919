// Module handlers run once per event, across processes; failures retry; old events are deleted.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openPostgres, sql, type Db } from '../db/database.ts';
import { createScheduler } from '../scheduler/index.ts';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../test-support/harness.ts';
import {
  createEventPublisher,
  eventRetentionJob,
  publishDueEvents,
  subscribe,
  type OutboxEvent,
} from './index.ts';

const insertEvents = (db: Db, topic: string, count: number) =>
  sql`INSERT INTO outbox (topic, region_code, payload)
    SELECT ${topic}, '500103', jsonb_build_object('n', n) FROM generate_series(1, ${count}::int) AS n`.execute(
    db,
  );

const unpublishedCount = async (db: Db, topic: string) =>
  (
    await sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox
      WHERE topic = ${topic} AND published_at IS NULL`.execute(db)
  ).rows[0]!.n;

for (const kind of databaseKinds()) {
  describe(`event publisher (${kind})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await openTestDatabase(kind);
      // The handlers' own effect: a primary key that refuses a second run for one event.
      await sql`CREATE TABLE handled (event_id bigint PRIMARY KEY, topic text NOT NULL)`.execute(
        database.db,
      );
    });
    after(() => database.close());

    it('does run each event’s handlers once, in the publishing transaction, and mark it published', async () => {
      const seen: OutboxEvent[] = [];
      const stop = subscribe('once.*', async (event, { db }) => {
        seen.push(event);
        await sql`INSERT INTO handled VALUES (${event.id}, ${event.topic})`.execute(db);
      });
      try {
        await insertEvents(database.db, 'once.a', 250);
        await insertEvents(database.db, 'other.a', 5); // no handler: published all the same
        let report = await publishDueEvents(database.db, { limit: 200 });
        assert.deepEqual(report, { read: 200, published: 200, failed: 0, isBusy: false });
        report = await publishDueEvents(database.db, { limit: 200 });
        assert.equal(report.published, 55);
        assert.equal((await publishDueEvents(database.db)).read, 0);
        assert.equal(seen.length, 250);
        assert.deepEqual(
          seen.map((e) => e.id),
          [...seen.map((e) => e.id)].sort((a, b) => a - b),
          'in id order',
        );
        assert.equal(seen[0]!.regionCode, '500103');
        assert.equal(seen[0]!.payload.n, 1);
        assert.equal(await unpublishedCount(database.db, 'once.a'), 0);
        assert.equal(await unpublishedCount(database.db, 'other.a'), 0);
      } finally {
        stop();
      }
    });

    it('does roll back a failing event’s handlers, retry it later and publish the rest', async () => {
      let isBroken = true;
      const stop = subscribe('flaky.*', async (event, { db }) => {
        await sql`INSERT INTO handled VALUES (${event.id}, ${event.topic})`.execute(db);
        if (isBroken && event.payload.n === 2) throw new Error('the other system is down');
      });
      try {
        await insertEvents(database.db, 'flaky.a', 3);
        const report = await publishDueEvents(database.db);
        assert.equal(report.published, 2);
        assert.equal(report.failed, 1);
        const { rows } = await sql<{
          attempts: number;
          last_error: string;
          is_later: boolean;
          is_handled: boolean;
        }>`SELECT attempts, last_error, next_attempt_at > now() AS is_later,
            EXISTS (SELECT 1 FROM handled h WHERE h.event_id = o.id) AS is_handled
          FROM outbox o WHERE topic = 'flaky.a' AND published_at IS NULL`.execute(database.db);
        assert.deepEqual(rows, [
          {
            attempts: 1,
            last_error: 'the other system is down',
            is_later: true,
            is_handled: false,
          },
        ]);
        assert.equal((await publishDueEvents(database.db)).read, 0, 'backing off');
        isBroken = false;
        await sql`UPDATE outbox SET next_attempt_at = now() WHERE topic = 'flaky.a'`.execute(
          database.db,
        );
        assert.equal((await publishDueEvents(database.db)).published, 1);
        assert.equal(await unpublishedCount(database.db, 'flaky.a'), 0);
      } finally {
        stop();
      }
    });

    it('does delete published events older than the retention, and keep the rest', async () => {
      const now = new Date('2026-10-20T10:00:00+08:00');
      const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
      await database.db
        .insertInto('outbox')
        .values([
          {
            topic: 'keep.recent',
            region_code: '500103',
            payload: '{}',
            created_at: daysAgo(2),
            published_at: daysAgo(2),
          },
          {
            topic: 'drop.old',
            region_code: '500103',
            payload: '{}',
            created_at: daysAgo(9),
            published_at: daysAgo(8),
          },
          {
            topic: 'keep.unpublished',
            region_code: '500103',
            payload: '{}',
            created_at: daysAgo(30),
            published_at: null,
          },
        ])
        .execute();
      const scheduler = createScheduler(database.db, { jobs: [eventRetentionJob(7, () => now)] });
      const report = await scheduler.tick();
      assert.deepEqual(report.jobsRun, ['events.retention']);
      const topics = await database.db
        .selectFrom('outbox')
        .select('topic')
        .where('topic', 'in', ['keep.recent', 'drop.old', 'keep.unpublished'])
        .orderBy('topic')
        .execute();
      assert.deepEqual(
        topics.map((r) => r.topic),
        ['keep.recent', 'keep.unpublished'],
      );
    });
  });
}

if (databaseKinds().includes('postgres')) {
  describe('event publishers in two processes (postgres)', () => {
    let database: TestDatabase;
    let second: { db: Db; close(): Promise<void> };
    before(async () => {
      database = await openTestDatabase('postgres');
      second = openPostgres(database.url!, 3);
      await sql`CREATE TABLE handled (event_id bigint PRIMARY KEY)`.execute(database.db);
    });
    after(async () => {
      await second.close();
      await database.close();
    });

    it('does run every handler exactly once while two publishers race over the same outbox', async () => {
      const calls = new Map<number, number>();
      const stop = subscribe('race.*', async (event, { db }) => {
        calls.set(event.id, (calls.get(event.id) ?? 0) + 1);
        await sql`INSERT INTO handled VALUES (${event.id})`.execute(db);
      });
      const publishers = [database.db, second.db].map((db) =>
        createEventPublisher(db, { pollMs: 5, limit: 20 }),
      );
      try {
        for (const p of publishers) p.start();
        for (let i = 0; i < 10; i++) await insertEvents(database.db, 'race.a', 60);
        const deadline = Date.now() + 20_000;
        while ((await unpublishedCount(database.db, 'race.a')) > 0 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        await Promise.all(publishers.map((p) => p.stop()));
        stop();
      }
      assert.equal(await unpublishedCount(database.db, 'race.a'), 0);
      assert.equal(calls.size, 600);
      assert.deepEqual([...new Set(calls.values())], [1], 'no handler ran twice');
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM handled`.execute(
        database.db,
      );
      assert.equal(rows[0]!.n, 600);
    });
  });
}
