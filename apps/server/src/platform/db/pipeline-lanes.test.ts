// Statements outside transactions share a few pipelined connections (PostgreSQL only): each
// must still be its own transaction that fails alone, and a broken connection must not take
// later statements down with it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../../test-support/harness.ts';
import { preparedStatement, runStatement } from './prepared.ts';

const insertNote = preparedStatement(
  'test_lane_note',
  'INSERT INTO lane_notes (id, note) VALUES ($1::int, $2::text) RETURNING id',
);

if (databaseKinds().includes('postgres')) {
  describe('pipelined statements (postgres)', () => {
    let database: TestDatabase;
    before(async () => {
      database = await openTestDatabase('postgres');
      await sql`CREATE TABLE lane_notes (id int PRIMARY KEY, note text NOT NULL)`.execute(
        database.db,
      );
    });
    after(() => database.close());

    const count = async () =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM lane_notes`.execute(database.db))
        .rows[0]!.n;

    it('does run concurrent statements each as its own transaction, a failing one alone', async () => {
      const ids = Array.from({ length: 60 }, (_, i) => (i === 30 ? 7 : i + 1)); // 7 twice
      const results = await Promise.allSettled(
        ids.map((id) => runStatement<{ id: number }>(database.db, insertNote, [id, `n${id}`])),
      );
      const failed = results.filter((r) => r.status === 'rejected');
      assert.equal(failed.length, 1, 'only the duplicate fails');
      assert.match(String((failed[0] as PromiseRejectedResult).reason), /duplicate key/);
      assert.equal(await count(), 59);
    });

    it('does answer later statements after its connections were cut', async () => {
      await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(database.db);
      // The cut connections fail what they carried, if anything; new ones take the next.
      const settle = async (id: number) => {
        for (let attempt = 0; attempt < 5; attempt++) {
          try {
            return await runStatement<{ id: number }>(database.db, insertNote, [id, 'after']);
          } catch {
            await new Promise((r) => setTimeout(r, 50));
          }
        }
        throw new Error('no lane recovered');
      };
      const rows = await Promise.all([1001, 1002, 1003].map(settle));
      assert.deepEqual(
        rows.map((r) => r[0]!.id),
        [1001, 1002, 1003],
      );
    });
  });
}
