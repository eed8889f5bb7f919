// The duplicate check must seek its own index (migration 0032) in every plan, the generic plan
// of a prepared statement included: the key written in the code has to be the index's
// expression exactly, or the check falls back to reading every open case of the cell.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import {
  databaseKinds,
  openTestDatabase,
  type TestDatabase,
} from '../../../test-support/harness.ts';
import { bareOpenClassCellKeySql, cellOf, openClassCellKeys } from './case-cells.ts';

for (const kind of databaseKinds()) {
  describe(`the duplicate check's index (${kind})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await openTestDatabase(kind);
      // A small city's history for the planner's statistics: 40 classes over about 400 cells,
      // one case in ten still open, created over 100 days.
      await sql`INSERT INTO cases (id, case_number, region_code, grid_code, category_code, lat,
          lon, description, urgency, channel, workflow_key, is_open, created_at)
        SELECT i, 'T-' || i, '500103', 'g', 'C01' || lpad((i % 40)::text, 2, '0'),
          29.4 + (i % 97) * 0.004, 106.4 + (i % 89) * 0.004, 'x', 'normal', 'app', 'case',
          i % 10 = 0, now() - (i % 100) * interval '1 day'
        FROM generate_series(1, 20000) AS i`.execute(database.db);
      await sql`ANALYZE cases`.execute(database.db);
    });
    after(() => database.close());

    it('does seek (class@cell, since) in cases_open_class_key_idx with a generic plan', async () => {
      const keys = openClassCellKeys('C0101', [cellOf(29.5603, 106.5772)]);
      const plan = await database.db.connection().execute(async (conn) => {
        await sql`SET plan_cache_mode = force_generic_plan`.execute(conn);
        await sql
          .raw(
            `PREPARE duplicate_probe (text[], timestamptz) AS SELECT 1 FROM cases
             WHERE ${bareOpenClassCellKeySql} = ANY($1) AND created_at >= $2 LIMIT 1`,
          )
          .execute(conn);
        // EXECUTE takes no bind parameters: the key (a class code, '@', digits) as a literal.
        const explained = await sql<{ 'QUERY PLAN': string }>`EXPLAIN EXECUTE duplicate_probe(
          ARRAY[${sql.lit(keys[0])}]::text[], '2026-11-01T00:00:00Z')`.execute(conn);
        await sql`DEALLOCATE duplicate_probe`.execute(conn);
        await sql`RESET plan_cache_mode`.execute(conn);
        return explained.rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      assert.match(plan, /Index (Only )?Scan using cases_open_class_key_idx/);
      assert.match(plan, /Index Cond: .*category_code.*= ANY.*created_at >=/s);
    });

    it('does write the keys as PostgreSQL does', async () => {
      const [lat, lon] = [29.5603, 106.5772];
      const rows = await sql<{ key: string }>`SELECT (CASE WHEN true THEN 'E0402' || '@' ||
          (floor(${lat}::float8 * 50)::int * 100000 + floor(${lon}::float8 * 50)::int)::text END)
          AS key`.execute(database.db);
      assert.deepEqual(openClassCellKeys('E0402', [cellOf(lat, lon)]), [rows.rows[0]!.key]);
      assert.deepEqual(openClassCellKeys('E0402', [cellOf(lat, lon)]), ['E0402@147805328']);
    });
  });
}
