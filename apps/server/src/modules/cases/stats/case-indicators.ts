// GET /api/cases/indicators: the evaluation of a period from the daily rollup (a sum over at
// most days × districts × departments rows, whatever the number of cases) plus the cases still
// being handled whose deadline lapsed in the period (few: only open ones), within the caller's
// scope. The formulas are in indicator-formulas.ts.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { CaseIndicators, CaseIndicatorsQuery } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError, invalid } from '../../../platform/errors.ts';
import { scopesFor, type Principal } from '../../../platform/auth/principal.ts';
import { regionPrefix } from '../../../platform/auth/region.ts';
import { CASES_INDICATORS } from '../loop/case-access.ts';
import { CASE_SUBJECT } from '../loop/case-workflow.ts';
import { beijingMidnight, statsDb } from './daily-stats.ts';
import {
  addTally,
  emptyTally,
  indicatorRowOf,
  rankRows,
  type Tally,
} from './indicator-formulas.ts';
import { readScoreWeights } from './score-weights.ts';

const DAY_MS = 86_400_000;
export const MAX_PERIOD_DAYS = 366;

export interface StatsFilter {
  /** Region prefixes with an optional department each (the caller's scopes). */
  scopes: Array<{ prefix: string; departmentId: number | null }>;
  regionPrefix?: string;
  departmentId?: number;
}

/** The period's instants: [from 00:00, the day after `to` 00:00) in Beijing. */
export function periodOf(from: string, to: string) {
  const start = beijingMidnight(from);
  const end = new Date(beijingMidnight(to).getTime() + DAY_MS);
  if (Number.isNaN(start.getTime())) throw invalid('from', `from is not a date: ${from}`);
  if (Number.isNaN(end.getTime())) throw invalid('to', `to is not a date: ${to}`);
  if (start >= end) throw invalid('to', 'to must be on or after from');
  if (end.getTime() - start.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw invalid('to', `the period may span at most ${MAX_PERIOD_DAYS} days`);
  }
  return { start, end };
}

/** The caller's scopes for a permission, narrowed to a requested region (403 outside them). */
export function filterFor(
  principal: Principal,
  permission: string,
  query: { regionCode?: string | undefined; departmentId?: number | undefined },
): StatsFilter {
  const scopes = scopesFor(principal, permission).map((s) => ({
    prefix: s.prefix,
    departmentId: s.departmentId,
  }));
  const filter: StatsFilter = { scopes };
  if (query.regionCode) {
    const prefix = regionPrefix(query.regionCode);
    if (!scopes.some((s) => prefix.startsWith(s.prefix))) {
      throw new AppError('forbidden', `Region ${query.regionCode} is outside your scope`, {
        field: 'regionCode',
        permission,
      });
    }
    filter.regionPrefix = prefix;
  }
  if (query.departmentId !== undefined) filter.departmentId = query.departmentId;
  return filter;
}

/** SQL condition of a filter over a region code and a department id (0 for none). */
export function scopeCondition(
  filter: StatsFilter,
  region: RawBuilder<unknown>,
  department: RawBuilder<unknown>,
): Expression<SqlBool> {
  if (!filter.scopes.length) return sql<SqlBool>`false`;
  const inScope = sql.join(
    filter.scopes.map((s) =>
      s.departmentId === null
        ? sql`${region} LIKE ${`${s.prefix}%`}`
        : sql`(${region} LIKE ${`${s.prefix}%`} AND ${department} = ${s.departmentId})`,
    ),
    sql` OR `,
  );
  const parts = [sql`(${inScope})`];
  if (filter.regionPrefix) parts.push(sql`${region} LIKE ${`${filter.regionPrefix}%`}`);
  if (filter.departmentId !== undefined) parts.push(sql`${department} = ${filter.departmentId}`);
  return sql<SqlBool>`${sql.join(parts, sql` AND `)}`;
}

interface GroupedTally {
  key: string;
  tally: Tally;
}

/** Rollup sums per group (district, department or day) for days [from, to]. */
export async function sumDailyStats(
  db: Db,
  filter: StatsFilter,
  from: string,
  to: string,
  groupColumn: 'region_code' | 'department_id' | 'day',
): Promise<GroupedTally[]> {
  // The rollup and the steps not folded into it yet (daily-stats.ts), read in one snapshot.
  const rows = await statsDb(db)
    .selectFrom((eb) =>
      eb
        .selectFrom('case_daily_stats')
        .selectAll()
        .unionAll(eb.selectFrom('case_stat_deltas').selectAll())
        .as('s'),
    )
    .select([
      sql<string>`${sql.ref(groupColumn)}::text`.as('key'),
      sql<number>`sum(intake)::int8`.as('intake'),
      sql<number>`sum(filed)::int8`.as('filed'),
      sql<number>`sum(closed)::int8`.as('closed'),
      sql<number>`sum(closed_extended)::int8`.as('closedExtended'),
      sql<number>`sum(on_time_closed)::int8`.as('onTimeClosed'),
      sql<number>`sum(reworked)::int8`.as('reworked'),
      sql<number>`sum(extensions)::int8`.as('extensions'),
      sql<number>`sum(handled_cases)::int8`.as('handledCases'),
      sql<number>`sum(handling_seconds)::int8`.as('handlingSeconds'),
      sql<number>`sum(callbacks)::int8`.as('callbacks'),
      sql<number>`sum(satisfied)::int8`.as('satisfied'),
      sql<number>`sum(basically_satisfied)::int8`.as('basicallySatisfied'),
      sql<number>`sum(dissatisfied)::int8`.as('dissatisfied'),
    ])
    .where(sql<SqlBool>`day >= ${from}::date AND day <= ${to}::date`)
    .where(scopeCondition(filter, sql.ref('region_code'), sql.ref('department_id')))
    .groupBy(sql.ref(groupColumn))
    .execute();
  return rows.map(({ key, ...counts }) => ({ key, tally: addTally(emptyTally(), counts) }));
}

/**
 * Cases still being handled whose handling deadline lapsed in [start, min(end, now)). Read from
 * the workflow instances in handling alone (a partial index by deadline, migration 0027; the
 * instance keeps the case's region and lead department), so years of finished cases cost
 * nothing here.
 */
export async function openOverdue(
  db: Db,
  filter: StatsFilter,
  start: Date,
  end: Date,
  now: Date,
  groupBy: 'region' | 'department',
): Promise<GroupedTally[]> {
  const until = end < now ? end : now;
  if (until <= start) return [];
  const rows = await statsDb(db)
    .selectFrom('workflow_instances as i')
    .select([
      groupBy === 'region'
        ? sql<string>`i.region_code`.as('key')
        : sql<string>`coalesce(i.department_id, 0)::text`.as('key'),
      sql<number>`count(*)::int`.as('openOverdue'),
      sql<number>`(count(*) FILTER (WHERE i.state = 'extended'))::int`.as('openOverdueExtended'),
    ])
    // Literals, not parameters: the partial index's condition must be provable at planning.
    .where(sql<SqlBool>`i.subject_type = ${sql.lit(CASE_SUBJECT)}`)
    .where(sql<SqlBool>`i.state IN ('handling', 'extended')`)
    .where('i.state_deadline_at', '>=', start)
    .where('i.state_deadline_at', '<', until)
    .where(scopeCondition(filter, sql.ref('i.region_code'), sql`coalesce(i.department_id, 0)`))
    .groupBy(sql.ref(groupBy === 'region' ? 'i.region_code' : 'i.department_id'))
    .execute();
  return rows.map(({ key, ...counts }) => ({ key, tally: addTally(emptyTally(), counts) }));
}

/** Display names of the groups (departments or districts). */
async function namesOf(db: Db, groupBy: 'region' | 'department', keys: string[]) {
  const names = new Map<string, string>([['0', '未派遣 (no department yet)']]);
  if (groupBy === 'department') {
    const ids = keys.map(Number).filter((id) => id > 0);
    if (ids.length) {
      for (const d of await db
        .selectFrom('departments')
        .select(['id', 'name'])
        .where('id', 'in', ids)
        .execute()) {
        names.set(String(d.id), d.name);
      }
    }
  } else if (keys.length) {
    for (const d of await db
      .selectFrom('divisions')
      .select(['code', 'name'])
      .where('code', 'in', keys)
      .execute()) {
      names.set(d.code, d.name);
    }
  }
  return names;
}

export async function computeIndicators(
  db: Db,
  principal: Principal,
  query: CaseIndicatorsQuery,
  now = new Date(),
): Promise<CaseIndicators> {
  const { start, end } = periodOf(query.from, query.to);
  const groupBy = query.groupBy ?? 'department';
  const filter = filterFor(principal, CASES_INDICATORS, query);
  const [sums, overdue, weights] = await Promise.all([
    sumDailyStats(
      db,
      filter,
      query.from,
      query.to,
      groupBy === 'region' ? 'region_code' : 'department_id',
    ),
    openOverdue(db, filter, start, end, now, groupBy),
    readScoreWeights(db),
  ]);
  const tallies = new Map<string, Tally>();
  for (const { key, tally } of [...sums, ...overdue]) {
    const existing = tallies.get(key);
    if (existing) addTally(existing, tally);
    else tallies.set(key, tally);
  }
  const names = await namesOf(db, groupBy, [...tallies.keys()]);
  const rows = [...tallies.entries()]
    .filter(([, t]) => t.filed + t.closed + t.callbacks + t.extensions + t.openOverdue > 0)
    .map(([key, t]) =>
      indicatorRowOf(
        groupBy === 'department' && key === '0' ? 'none' : key,
        names.get(key) ?? key,
        t,
        weights,
      ),
    );
  const total = emptyTally();
  for (const t of tallies.values()) addTally(total, t);
  return {
    from: query.from,
    to: query.to,
    groupBy,
    weights,
    rows: rankRows(rows),
    total: indicatorRowOf('total', '合计 (total)', total, weights),
    generatedAt: now.toISOString(),
  };
}
