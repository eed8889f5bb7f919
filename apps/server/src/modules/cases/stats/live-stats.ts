// GET /api/cases/stats/live: the command centre's KPI cards and 30-day trend for one region.
// Today's and past days' counts come from the daily rollup; open and overdue cases from the
// open cases only (a partial index), so the answer stays quick with years of history.
import { sql, type SqlBool } from 'kysely';
import type { CaseLiveStats, CaseLiveStatsQuery, CaseTrendDay } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { CASES_READ } from '../loop/case-access.ts';
import { buildCaseWorkflow, CASE_SUBJECT } from '../loop/case-workflow.ts';
import { beijingDay, beijingMidnight, statsDb } from './daily-stats.ts';
import {
  filterFor,
  openOverdue,
  scopeCondition,
  sumDailyStats,
  type StatsFilter,
} from './case-indicators.ts';
import { addTally, emptyTally, onTimeRateOf, ratio, satisfactionOf } from './indicator-formulas.ts';

const TREND_DAYS = 30;
const DAY_MS = 86_400_000;

/** The open states in the loop's order, with their labels (the same in every variant). */
const openStates = ['reported', 'filed', 'handling', 'extended', 'handled', 'verified'] as const;
const stateLabels = buildCaseWorkflow({
  dispatch: { amount: 1, unit: 'workhours' },
  handle: { amount: 1, unit: 'workdays' },
  verify: { amount: 1, unit: 'workhours' },
}).states;

/** Open cases by state, with how many are past their step's deadline. */
export async function countOpenCases(db: Db, filter: StatsFilter, now: Date) {
  return statsDb(db)
    .selectFrom('cases as c')
    .innerJoin('workflow_instances as i', (join) =>
      join.on('i.subject_type', '=', CASE_SUBJECT).on(sql<SqlBool>`i.subject_id = c.id::text`),
    )
    .select([
      'i.state',
      sql<number>`count(*)::int`.as('count'),
      sql<number>`(count(*) FILTER (WHERE i.is_overdue OR (i.paused_at IS NULL AND i.state_deadline_at < ${now})))::int`.as(
        'overdue',
      ),
    ])
    .where('c.is_open', '=', true)
    .where(scopeCondition(filter, sql.ref('c.region_code'), sql`coalesce(c.department_id, 0)`))
    .groupBy('i.state')
    .execute();
}

export async function computeLiveStats(
  db: Db,
  principal: Principal,
  query: CaseLiveStatsQuery,
  now = new Date(),
): Promise<CaseLiveStats> {
  const regionCode = query.regionCode ?? principal.regionCode?.slice(0, 6) ?? '500000';
  const filter = filterFor(principal, CASES_READ, { regionCode });
  const today = beijingDay(now);
  const firstDay = beijingDay(
    new Date(beijingMidnight(today).getTime() - (TREND_DAYS - 1) * DAY_MS),
  );
  const [days, open, overdue, region] = await Promise.all([
    sumDailyStats(db, filter, firstDay, today, 'day'),
    countOpenCases(db, filter, now),
    openOverdue(db, filter, beijingMidnight(firstDay), now, now, 'region'),
    db.selectFrom('divisions').select('name').where('code', '=', regionCode).executeTakeFirst(),
  ]);
  const byDay = new Map(days.map((d) => [d.key, d.tally]));
  const trend: CaseTrendDay[] = [];
  const period = emptyTally();
  for (let i = TREND_DAYS - 1; i >= 0; i--) {
    const date = beijingDay(new Date(beijingMidnight(today).getTime() - i * DAY_MS));
    const t = byDay.get(date) ?? emptyTally();
    addTally(period, t);
    trend.push({
      date,
      intake: t.intake,
      filed: t.filed,
      closed: t.closed,
      onTimeRate: ratio(t.onTimeClosed, t.closed - t.closedExtended),
      satisfaction: satisfactionOf(t),
    });
  }
  for (const o of overdue) addTally(period, o.tally);
  const counts = new Map(open.map((r) => [r.state, r]));
  const last = trend.at(-1)!;
  return {
    regionCode,
    regionName: region?.name ?? regionCode,
    generatedAt: now.toISOString(),
    today: { date: today, intake: last.intake, filed: last.filed, closed: last.closed },
    open: open.reduce((n, r) => n + r.count, 0),
    overdue: open.reduce((n, r) => n + r.overdue, 0),
    openByState: openStates.map((state) => ({
      state,
      label: stateLabels[state]!.label,
      count: counts.get(state)?.count ?? 0,
    })),
    onTimeRate: onTimeRateOf(period),
    satisfaction: satisfactionOf(period),
    trend,
  };
}
