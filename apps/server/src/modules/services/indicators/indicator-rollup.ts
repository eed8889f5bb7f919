// The daily rollup of the indicators: every finished day (up to yesterday) is counted once into
// service_indicator_daily / service_indicator_days; ratings of the trailing days are counted
// again once a day, since a bad rating's rectification closes after the rating's day.
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { localDateOf, startOfLocalDay } from '../../../platform/calendar/index.ts';
import { addCalendarDays } from '../../../platform/calendar/working-calendar.ts';
import { COUNT_COLUMNS, dailyRows, daysRows, ratingRows } from './indicator-sql.ts';
import type { IndicatorTables } from './indicator-tables.ts';
import { ensureWorkdays } from './workday-table.ts';

/** Days of ratings recounted each day (rectifications take 5 to 15 working days, appeals more). */
export const RATINGS_REFRESH_DAYS = 90;
/** Days rolled up per transaction. */
const CHUNK_DAYS = 15;
const ROLLUP_LOCK = 7_310_016;

const rollupDb = (db: Db) => db.withTables<IndicatorTables>();

export interface RollupState {
  rolledThrough: string | null;
  ratingsRefreshedOn: string | null;
}

export async function readRollupState(db: Db): Promise<RollupState> {
  const row = await rollupDb(db)
    .selectFrom('service_indicator_rollup')
    .select([
      sql<string | null>`to_char(rolled_through, 'YYYY-MM-DD')`.as('rolled_through'),
      sql<string | null>`to_char(ratings_refreshed_on, 'YYYY-MM-DD')`.as('ratings_refreshed_on'),
    ])
    .where('id', '=', 1)
    .executeTakeFirst();
  return {
    rolledThrough: row?.rolled_through ?? null,
    ratingsRefreshedOn: row?.ratings_refreshed_on ?? null,
  };
}

async function writeState(
  trx: Db,
  changes: Partial<Record<'rolled_through' | 'ratings_refreshed_on', string>>,
) {
  await rollupDb(trx)
    .insertInto('service_indicator_rollup')
    .values({ id: 1, ...changes, updated_at: new Date() })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...changes, updated_at: new Date() }))
    .execute();
}

/** Counts the days [from, to] into the rollup tables (replacing what they held), in `trx`. */
async function rollUpDays(trx: Db, from: string, to: string): Promise<void> {
  const start = startOfLocalDay(from);
  const end = startOfLocalDay(addCalendarDays(to, 1));
  await sql`DELETE FROM service_indicator_daily WHERE day BETWEEN ${from} AND ${to}`.execute(trx);
  await sql`DELETE FROM service_indicator_days WHERE day BETWEEN ${from} AND ${to}`.execute(trx);
  const columns = sql.raw(
    ['day', 'item_id', 'department_id', 'region_code', ...COUNT_COLUMNS].join(', '),
  );
  await sql`INSERT INTO service_indicator_daily (${columns}) ${dailyRows(start, end)}`.execute(trx);
  await sql`INSERT INTO service_indicator_days (day, department_id, item_id, region_code, days_used, n)
            ${daysRows(start, end)}`.execute(trx);
}

/** The first day with an application, so a fresh rollup does not start in 2018. */
async function firstActivityDay(db: Db): Promise<string | null> {
  const { rows } = await sql<{ first: Date | null }>`
    SELECT min(created_at) AS first FROM service_applications`.execute(db);
  return rows[0]?.first ? localDateOf(new Date(rows[0].first)) : null;
}

export interface RollupReport {
  daysRolled: number;
  ratingsRefreshed: boolean;
  rolledThrough: string | null;
}

/**
 * Brings the rollup up to `through` (default yesterday): the days after the watermark, a chunk
 * per transaction under an advisory lock (the job and a seeding run may overlap), then, once a
 * day, the ratings of the trailing days. `onProgress` hears each chunk.
 */
export async function runIndicatorRollup(
  db: Db,
  options: { now?: Date; through?: string; onProgress?: (day: string) => void } = {},
): Promise<RollupReport> {
  await ensureWorkdays(db);
  const today = localDateOf(options.now ?? new Date());
  const through = options.through ?? addCalendarDays(today, -1);
  let daysRolled = 0;
  for (;;) {
    const done = await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})`.execute(trx);
      const state = await readRollupState(trx);
      const from = state.rolledThrough
        ? addCalendarDays(state.rolledThrough, 1)
        : ((await firstActivityDay(trx)) ?? through);
      if (from > through) return true;
      const chunkEnd = addCalendarDays(from, CHUNK_DAYS - 1);
      const to = chunkEnd < through ? chunkEnd : through;
      await rollUpDays(trx, from, to);
      await writeState(trx, { rolled_through: to });
      daysRolled +=
        Math.round((startOfLocalDay(to).getTime() - startOfLocalDay(from).getTime()) / 86_400_000) +
        1;
      options.onProgress?.(to);
      return false;
    });
    if (done) break;
  }
  const ratingsRefreshed = await refreshRatings(db, today);
  return { daysRolled, ratingsRefreshed, rolledThrough: (await readRollupState(db)).rolledThrough };
}

/** Recounts the ratings columns of the trailing days, once per city day. */
async function refreshRatings(db: Db, today: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})`.execute(trx);
    const state = await readRollupState(trx);
    if (!state.rolledThrough || state.ratingsRefreshedOn === today) return false;
    const to = state.rolledThrough;
    const from = addCalendarDays(to, -(RATINGS_REFRESH_DAYS - 1));
    const start = startOfLocalDay(from);
    const end = startOfLocalDay(addCalendarDays(to, 1));
    await sql`UPDATE service_indicator_daily
                 SET ratings = 0, ratings_satisfied = 0, bad_ratings = 0, bad_ratings_rectified = 0
               WHERE day BETWEEN ${from} AND ${to}`.execute(trx);
    await sql`
      INSERT INTO service_indicator_daily AS d
             (day, item_id, department_id, region_code, ${sql.raw(COUNT_COLUMNS.join(', '))})
      ${ratingRows(start, end)}
      ON CONFLICT (day, item_id) DO UPDATE SET
        ratings = EXCLUDED.ratings, ratings_satisfied = EXCLUDED.ratings_satisfied,
        bad_ratings = EXCLUDED.bad_ratings, bad_ratings_rectified = EXCLUDED.bad_ratings_rectified`.execute(
      trx,
    );
    await writeState(trx, { ratings_refreshed_on: today });
    return true;
  });
}

/** Forgets the rollup from `from` on (tests; a rebuild after a data repair). */
export async function resetIndicatorRollup(db: Db, from?: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})`.execute(trx);
    if (from === undefined) {
      await sql`DELETE FROM service_indicator_daily`.execute(trx);
      await sql`DELETE FROM service_indicator_days`.execute(trx);
      await sql`DELETE FROM service_indicator_rollup`.execute(trx);
      return;
    }
    await sql`DELETE FROM service_indicator_daily WHERE day >= ${from}`.execute(trx);
    await sql`DELETE FROM service_indicator_days WHERE day >= ${from}`.execute(trx);
    await writeState(trx, { rolled_through: addCalendarDays(from, -1) });
  });
}
