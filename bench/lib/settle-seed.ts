// After a scenario writes a large history: the state a real city's tables are in, not the
// state of a bulk load. A city's history is years old: autovacuum has long marked it
// all-visible (set its hint bits) and checkpoints have written it out. The benchmark's server
// may run without autovacuum, so this does both before the clock starts, as `pgbench -i`
// vacuums its tables; otherwise the first reads of old rows dirty their pages, and autovacuum
// and the seed's checkpoint run during the measured phases (seen as p95/p99 of a later part).
import type { AppContext } from '../../apps/server/src/platform/http/context.ts';
import { sql } from '../../apps/server/src/platform/db/database.ts';

/** VACUUM (ANALYZE) `tables` and CHECKPOINT, on PostgreSQL; answers the seconds it took. */
export async function settleSeed(ctx: AppContext, tables: readonly string[]): Promise<number> {
  if (ctx.dbKind !== 'postgres') return 0;
  const started = performance.now();
  await sql`VACUUM (ANALYZE) ${sql.join(tables.map((t) => sql.table(t)))}`.execute(ctx.db);
  await sql`CHECKPOINT`.execute(ctx.db);
  return (performance.now() - started) / 1000;
}
