// Statements outside transactions share a few pipelined connections (PostgreSQL only): each
// must still be its own transaction that fails alone, and a broken connection must not take
// later statements down with it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Duplex } from 'node:stream';
import {
  databaseKinds,
  openTestDatabase,
  testDatabaseUrl,
  type TestDatabase,
} from '../../test-support/harness.ts';
import { PipelineLanes } from './pipeline-lanes.ts';
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

    it('does plan no parallel query on a lane (its statements are short)', async () => {
      const [row] = await runStatement<{ workers: string }>(
        database.db,
        `SELECT current_setting('max_parallel_workers_per_gather') AS workers`,
        [],
      );
      assert.equal(row!.workers, '0');
      const { rows } = await sql<{ workers: string }>`
        SELECT current_setting('max_parallel_workers_per_gather') AS workers`.execute(database.db);
      assert.notEqual(rows[0]!.workers, '0', 'the pool keeps the server setting');
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

  describe('a pipeline lane (postgres)', () => {
    let lanes: PipelineLanes;
    let writes = 0;
    before(async () => {
      lanes = new PipelineLanes({ connectionString: testDatabaseUrl }, 1);
      // Count the socket's writes: each _write or _writev call is one system call.
      await lanes.run(async (client) => {
        const stream = (client as unknown as { connection: { stream: Duplex } }).connection.stream;
        const counting = stream as unknown as Record<'_write' | '_writev', (...a: never[]) => void>;
        for (const method of ['_write', '_writev'] as const) {
          const original = counting[method].bind(stream);
          counting[method] = (...args: never[]) => {
            writes++;
            original(...args);
          };
        }
      });
    });
    after(() => lanes.end());

    const select = (value: number) =>
      lanes.run((client) =>
        client.query<{ v: number }>('SELECT $1::int AS v', [value]).then((r) => r.rows[0]!.v),
      );

    it('does send the statements started in one tick in one write', async () => {
      writes = 0;
      const answers = await Promise.all([1, 2, 3, 4].map(select));
      assert.deepEqual(answers, [1, 2, 3, 4]);
      assert.equal(writes, 1, 'four statements, one write');
    });

    it('does send a statement started alone at once (nothing waits for company)', async () => {
      writes = 0;
      assert.equal(await select(5), 5);
      assert.equal(await select(6), 6);
      assert.equal(writes, 2);
    });
  });
}
