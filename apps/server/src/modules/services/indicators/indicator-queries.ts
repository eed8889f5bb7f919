// The indicators over a period: the rollup's days plus, after its watermark, the live days,
// summed per department or item in the caller's scope. Counts → values in indicator-formulas.ts.
import { sql, type RawBuilder } from 'kysely';
import type {
  IndicatorCounts,
  IndicatorGroupBy,
  IndicatorRow,
  IndicatorsAnswer,
  IndicatorsQuery,
} from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError, invalid } from '../../../platform/errors.ts';
import { scopesFor, type Principal } from '../../../platform/auth/principal.ts';
import { startOfLocalDay } from '../../../platform/calendar/index.ts';
import { addCalendarDays } from '../../../platform/calendar/working-calendar.ts';
import {
  addCounts,
  addHistograms,
  emptyCounts,
  indicatorValues,
  type DaysHistogram,
} from './indicator-formulas.ts';
import { COUNT_COLUMNS, dailyRows, finishedApplications } from './indicator-sql.ts';
import { readRollupState } from './indicator-rollup.ts';
import { ensureWorkdays } from './workday-table.ts';

export const SUPERVISE_SERVICES = 'services:supervise';
export const MAX_PERIOD_DAYS = 366;

interface Filter {
  scopes: Array<{ prefix: string; departmentId: number | null }>;
  departmentId: number | undefined;
  itemIds: number[] | undefined;
}

/** The WHERE of a row source with region_code, department_id and item_id columns. */
function filterSql(f: Filter, alias: string, withItems = true): RawBuilder<unknown> {
  const col = (c: string) => sql.ref(`${alias}.${c}`);
  const scope = sql.join(
    f.scopes.map((s) =>
      s.departmentId === null
        ? sql`${col('region_code')} LIKE ${`${s.prefix}%`}`
        : sql`(${col('region_code')} LIKE ${`${s.prefix}%`} AND ${col('department_id')} = ${s.departmentId})`,
    ),
    sql` OR `,
  );
  const parts = [sql`(${scope})`];
  if (f.departmentId !== undefined) parts.push(sql`${col('department_id')} = ${f.departmentId}`);
  if (withItems && f.itemIds !== undefined)
    parts.push(sql`${col('item_id')} IN (${sql.join(f.itemIds)})`);
  return sql.join(parts, sql` AND `);
}

interface Period {
  from: string;
  to: string;
  /** Last day read from the rollup (null: none). */
  rolledTo: string | null;
  /** Live days [liveFrom, to] (null: none). */
  liveFrom: string | null;
}

const instant = (day: string) => startOfLocalDay(day);
const after = (day: string) => startOfLocalDay(addCalendarDays(day, 1));

function periodOf(from: string, to: string, rolledThrough: string | null): Period {
  const rolledTo =
    rolledThrough === null || rolledThrough < from ? null : rolledThrough < to ? rolledThrough : to;
  const liveFrom = rolledTo === null ? from : rolledTo < to ? addCalendarDays(rolledTo, 1) : null;
  return { from, to, rolledTo, liveFrom };
}

const groupKey = (groupBy: IndicatorGroupBy) =>
  groupBy === 'item' ? 'department_id, item_id' : 'department_id';

async function readCounts(db: Db, p: Period, f: Filter, groupBy: IndicatorGroupBy) {
  const columns = sql.raw(
    ['day', 'item_id', 'department_id', 'region_code', ...COUNT_COLUMNS].join(', '),
  );
  const sources: RawBuilder<unknown>[] = [];
  if (p.rolledTo !== null) {
    sources.push(sql`SELECT ${columns} FROM service_indicator_daily
                      WHERE day BETWEEN ${p.from} AND ${p.rolledTo}`);
  }
  if (p.liveFrom !== null)
    sources.push(sql`SELECT ${columns} FROM (${dailyRows(instant(p.liveFrom), after(p.to))}) l`);
  const sums = sql.raw(COUNT_COLUMNS.map((c) => `sum(${c})::int AS ${c}`).join(', '));
  const key = sql.raw(groupKey(groupBy));
  const { rows } = await sql<Record<string, number> & { department_id: number; item_id?: number }>`
    SELECT ${key}, ${sums}
      FROM (${sql.join(sources, sql` UNION ALL `)}) x
     WHERE ${filterSql(f, 'x')}
     GROUP BY ${key}`.execute(db);
  return rows;
}

async function readHistograms(db: Db, p: Period, f: Filter, groupBy: IndicatorGroupBy) {
  // A department's own rows (item 0) are few; per-item rows are read when items matter.
  const byItem = groupBy === 'item' || f.itemIds !== undefined;
  const sources: RawBuilder<unknown>[] = [];
  if (p.rolledTo !== null) {
    sources.push(sql`
      SELECT department_id, item_id, region_code, days_used, n FROM service_indicator_days
       WHERE day BETWEEN ${p.from} AND ${p.rolledTo} AND ${byItem ? sql`item_id <> 0` : sql`item_id = 0`}`);
  }
  if (p.liveFrom !== null) {
    sources.push(sql`
      SELECT department_id, item_id, region_code, days_used, 1 AS n
        FROM (${finishedApplications(instant(p.liveFrom), after(p.to))}) l`);
  }
  const key = sql.raw(groupKey(groupBy));
  const { rows } = await sql<{
    department_id: number;
    item_id?: number;
    days_used: number;
    n: number;
  }>`
    SELECT ${key}, days_used, sum(n)::int AS n
      FROM (${sql.join(sources, sql` UNION ALL `)}) x
     WHERE ${filterSql({ ...f, itemIds: byItem ? f.itemIds : undefined }, 'x')}
     GROUP BY ${key}, days_used`.execute(db);
  return rows;
}

async function readItemCounts(db: Db, f: Filter, groupBy: IndicatorGroupBy) {
  const key = sql.raw(groupBy === 'item' ? 'department_id, id AS item_id' : 'department_id');
  const group = sql.raw(groupBy === 'item' ? 'department_id, id' : 'department_id');
  const { rows } = await sql<{
    department_id: number;
    item_id?: number;
    items: number;
    one: number;
  }>`
    SELECT ${key}, count(*)::int AS items, (count(*) FILTER (WHERE visits <= 1))::int AS one
      FROM (SELECT id, id AS item_id, department_id, region_code, visits
              FROM service_items WHERE status = 'active') s
     WHERE ${filterSql(f, 's')}
     GROUP BY ${group}`.execute(db);
  return rows;
}

/** The item ids of an implementation code, or of every implementation of a basic code. */
async function itemIdsOf(db: Db, code: string): Promise<number[]> {
  const rows = await db
    .selectFrom('service_items')
    .select('id')
    .where((eb) => eb.or([eb('code', '=', code), eb('basic_code', '=', code)]))
    .execute();
  if (rows.length === 0) throw invalid('itemCode', `No service item has the code ${code}`);
  return rows.map((r) => Number(r.id));
}

function checkPeriod(from: string, to: string) {
  if (from > to) throw invalid('from', `from (${from}) is after to (${to})`);
  const days = (instant(to).getTime() - instant(from).getTime()) / 86_400_000 + 1;
  if (days > MAX_PERIOD_DAYS) {
    throw invalid('to', `The period is ${days} days; at most ${MAX_PERIOD_DAYS}`);
  }
}

const rowKey = (departmentId: number, itemId?: number | null) => `${departmentId}:${itemId ?? 0}`;

function countsOf(row: Record<string, number>): IndicatorCounts {
  return {
    ...emptyCounts(),
    received: row.received!,
    receivedOnline: row.received_online!,
    finished: row.finished!,
    finishedOnTime: row.finished_on_time!,
    finishedSupplemented: row.finished_supplemented!,
    workingDaysSum: row.working_days_sum!,
    ratings: row.ratings!,
    ratingsSatisfied: row.ratings_satisfied!,
    badRatings: row.bad_ratings!,
    badRatingsRectified: row.bad_ratings_rectified!,
  };
}

const hasActivity = (c: IndicatorCounts) => c.received + c.finished + c.ratings > 0;

/** The indicators per department (default) or item over [from, to], in the caller's scope. */
export async function queryIndicators(
  db: Db,
  principal: Principal,
  query: IndicatorsQuery,
): Promise<IndicatorsAnswer> {
  checkPeriod(query.from, query.to);
  const scopes = scopesFor(principal, SUPERVISE_SERVICES);
  if (scopes.length === 0) {
    throw new AppError('forbidden', `This needs the permission "${SUPERVISE_SERVICES}"`);
  }
  const groupBy = query.groupBy ?? 'department';
  const filter: Filter = {
    scopes,
    departmentId: query.departmentId,
    itemIds: query.itemCode === undefined ? undefined : await itemIdsOf(db, query.itemCode.trim()),
  };
  await ensureWorkdays(db);
  const { rolledThrough } = await readRollupState(db);
  const period = periodOf(query.from, query.to, rolledThrough);
  const [counts, histograms, itemCounts] = await Promise.all([
    readCounts(db, period, filter, groupBy),
    readHistograms(db, period, filter, groupBy),
    readItemCounts(db, filter, groupBy),
  ]);

  const rows = new Map<
    string,
    {
      departmentId: number;
      itemId: number | null;
      counts: IndicatorCounts;
      histogram: Map<number, number>;
    }
  >();
  const rowOf = (departmentId: number, itemId?: number) => {
    const key = rowKey(departmentId, itemId);
    let row = rows.get(key);
    if (!row) {
      row = { departmentId, itemId: itemId ?? null, counts: emptyCounts(), histogram: new Map() };
      rows.set(key, row);
    }
    return row;
  };
  for (const c of counts) {
    const row = rowOf(c.department_id, c.item_id);
    row.counts = addCounts(row.counts, countsOf(c));
  }
  for (const h of histograms) {
    const row = rowOf(h.department_id, h.item_id);
    row.histogram.set(h.days_used, (row.histogram.get(h.days_used) ?? 0) + h.n);
  }
  for (const i of itemCounts) {
    // Per item, only items with activity (or the one asked for) get a row.
    if (
      groupBy === 'item' &&
      filter.itemIds === undefined &&
      !rows.has(rowKey(i.department_id, i.item_id))
    )
      continue;
    const row = rowOf(i.department_id, i.item_id);
    row.counts = { ...row.counts, items: i.items, itemsAtMostOneVisit: i.one };
  }
  const chosen = [...rows.values()].filter(
    (r) => groupBy === 'department' || filter.itemIds !== undefined || hasActivity(r.counts),
  );
  const names = await readNames(db, chosen);
  const out: IndicatorRow[] = chosen
    .map((r) => {
      const department = names.departments.get(r.departmentId);
      const item = r.itemId === null ? undefined : names.items.get(r.itemId);
      return {
        departmentId: r.departmentId,
        departmentName: department?.name ?? String(r.departmentId),
        regionCode: department?.regionCode ?? '',
        itemCode: item?.code ?? null,
        itemName: item?.name ?? null,
        counts: r.counts,
        values: indicatorValues(r.counts, r.histogram),
      };
    })
    .sort(
      (a, b) =>
        a.regionCode.localeCompare(b.regionCode) ||
        a.departmentId - b.departmentId ||
        (a.itemCode ?? '').localeCompare(b.itemCode ?? ''),
    );
  const totalCounts = chosen.reduce((acc, r) => addCounts(acc, r.counts), emptyCounts());
  const totalHistogram = chosen.reduce<DaysHistogram>(
    (acc, r) => addHistograms(acc, r.histogram),
    new Map(),
  );
  return {
    from: query.from,
    to: query.to,
    groupBy,
    rows: out,
    total: { counts: totalCounts, values: indicatorValues(totalCounts, totalHistogram) },
    rolledUpThrough: period.rolledTo,
  };
}

async function readNames(
  db: Db,
  rows: ReadonlyArray<{ departmentId: number; itemId: number | null }>,
) {
  const departmentIds = [...new Set(rows.map((r) => r.departmentId))];
  const itemIds = [...new Set(rows.flatMap((r) => (r.itemId === null ? [] : [r.itemId])))];
  const [departments, items] = await Promise.all([
    departmentIds.length
      ? db
          .selectFrom('departments')
          .select(['id', 'name', 'region_code'])
          .where('id', 'in', departmentIds)
          .execute()
      : [],
    itemIds.length
      ? db
          .selectFrom('service_items')
          .select(['id', 'code', 'name'])
          .where('id', 'in', itemIds)
          .execute()
      : [],
  ]);
  return {
    departments: new Map(
      departments.map((d) => [d.id, { name: d.name, regionCode: d.region_code }]),
    ),
    items: new Map(items.map((i) => [Number(i.id), { code: i.code, name: i.name }])),
  };
}
