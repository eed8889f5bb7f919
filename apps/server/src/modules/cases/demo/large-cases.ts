// The large city's historical cases for benchmarks: up to 10 million finished cases over the
// year before the demo cases' 60 days (about 27,000 a day, as Chongqing's 30,000 demands),
// written in bulk: each batch is one statement that inserts the cases, their workflow
// instances (final states, no step history: outcomes imported from an older system) and
// their share of the daily rollup, counting only the rows it inserted. A rerun goes on from
// the recorded progress (runBatches); the rows derive from their index.
import { sql } from 'kysely';
import type { StepLimits, Urgency } from '@citygov/contracts';
import { randomFor, type DemoSeedContext, type Random } from '../../../demo/index.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { centralDistrictCodes } from '../../../platform/org/index.ts';
import type { Db } from '../../../platform/db/database.ts';
import { resolveResponsibleDepartment } from '../categories.ts';
import { caseWorkflowKey, rememberCaseWorkflow } from '../loop/case-workflow.ts';
import { beijingDay } from '../stats/daily-stats.ts';

/** CITYGOV_LARGE_CASES overrides the count (e.g. 200000 for a quicker run). */
export const LARGE_CASES = 10_000_000;
const HISTORY_DAYS = 365;
/** Cases a day (Chongqing takes about 30,000 demands a day): 10 million fill the year. */
const PER_DAY = Math.ceil(LARGE_CASES / HISTORY_DAYS);
/** Historical days end this many days before the seeding day (the demo cases live there). */
const GAP_DAYS = 61;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Historical case numbers count from here each district and day (live ones from 1). */
const SEQUENCE_BASE = 50_000;
const FIRST_DAY_KEY = 'demo.cases-large.first-day';

interface Route {
  code: string;
  urgency: Urgency;
  workflowKey: string;
  /** Per district: the responsible department (null when none). */
  departments: Map<string, number | null>;
}

interface World {
  districts: string[];
  grids: Map<string, Array<{ code: string; lat: number; lon: number }>>;
  routes: Route[];
  firstDay: number;
}

const descriptions = [
  '道路破损，需修补',
  '垃圾未及时清运',
  '占道经营，影响通行',
  '井盖缺失，存在安全隐患',
  '路灯不亮',
  '绿化带枯死，需补植',
  '违规张贴小广告',
  '施工围挡破损',
];

async function loadWorld(db: Db, now: Date): Promise<World> {
  const districts = [...centralDistrictCodes];
  const grids = new Map<string, Array<{ code: string; lat: number; lon: number }>>();
  for (const code of districts) {
    const rows = await db
      .selectFrom('grids')
      .select(['code', 'centroid_lat as lat', 'centroid_lon as lon'])
      .where('region_code', '=', code)
      .orderBy('code')
      .execute();
    if (rows.length) grids.set(code, rows);
  }
  const categories = await db
    .selectFrom('case_categories')
    .select(['code', 'limits'])
    .where('is_active', '=', true)
    .where('is_restricted', '=', false)
    .orderBy('code')
    .execute();
  const routes: Route[] = [];
  for (const c of categories) {
    const urgency = c.limits.defaultUrgency;
    const limits = c.limits.urgencies[urgency] as StepLimits;
    await rememberCaseWorkflow(db, limits);
    const departments = new Map<string, number | null>();
    for (const d of districts) {
      departments.set(d, (await resolveResponsibleDepartment(db, c.code, d))?.id ?? null);
    }
    routes.push({ code: c.code, urgency, workflowKey: caseWorkflowKey(limits), departments });
  }
  // The first run fixes the first day, so a run resumed on a later day writes the same rows.
  const today = new Date(`${beijingDay(now)}T00:00:00+08:00`).getTime();
  const proposed = beijingDay(new Date(today - (GAP_DAYS + HISTORY_DAYS - 1) * DAY));
  await sql`INSERT INTO settings (key, value) VALUES (${FIRST_DAY_KEY}, ${JSON.stringify(proposed)}::jsonb)
    ON CONFLICT (key) DO NOTHING`.execute(db);
  const stored = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', FIRST_DAY_KEY)
    .executeTakeFirstOrThrow();
  return {
    districts: districts.filter((d) => grids.has(d)),
    grids,
    routes,
    firstDay: new Date(`${stored.value as string}T00:00:00+08:00`).getTime(),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One historical case and what it adds to the rollup. */
function makeCase(w: World, n: number, random: Random) {
  // Newest days first, a full day's worth each: a smaller count is a shorter history, and a
  // case's day and number never depend on the count (a rerun with more goes on cleanly).
  const dayIndex = HISTORY_DAYS - 1 - Math.floor(n / PER_DAY);
  const inDay = n % PER_DAY;
  const district = w.districts[inDay % w.districts.length]!;
  const sequence = SEQUENCE_BASE + Math.floor(inDay / w.districts.length);
  const grid = random.pick(w.grids.get(district)!);
  const route = random.pick(w.routes);
  const departmentId = route.departments.get(district) ?? null;
  const createdAt = w.firstDay + dayIndex * DAY + random.between(7 * 60, 22 * 60) * MINUTE;
  const day = beijingDay(new Date(createdAt));
  const outcome = random.weighted(['evaluated', 'declined', 'merged'], [96, 3, 1]);
  const isFinished = outcome === 'evaluated';
  const isExtended = isFinished && random.chance(0.005);
  const isReworked = isFinished && random.chance(0.003);
  const isOnTime = random.chance(0.985);
  const handlingHours = isOnTime ? 1 + random.next() * 40 : 48 + random.next() * 120;
  const dispatchedAt = createdAt + random.between(20, 120) * MINUTE;
  const closedAt = isFinished
    ? dispatchedAt + handlingHours * HOUR + random.between(60, 360) * MINUTE
    : createdAt + random.between(10, 90) * MINUTE;
  const calledBackAt = closedAt + random.between(18, 30) * HOUR;
  const satisfaction = isFinished
    ? random.weighted(['satisfied', 'basically_satisfied', 'dissatisfied'], [80, 16, 4])
    : null;
  const endedAt = isFinished ? calledBackAt : closedAt;
  return {
    case_number: `${district}-${day.replaceAll('-', '')}-${String(sequence).padStart(5, '0')}`,
    region_code: district,
    grid_code: grid.code,
    category_code: route.code,
    lat: grid.lat + (random.next() - 0.5) * 0.0008,
    lon: grid.lon + (random.next() - 0.5) * 0.0008,
    description: random.pick(descriptions),
    urgency: route.urgency,
    channel: random.weighted(['app', 'hotline', 'inspector', 'open311'], [40, 35, 22, 3]),
    department_id: departmentId,
    workflow_key: route.workflowKey,
    satisfaction,
    created_at: iso(createdAt),
    state: outcome,
    state_entered_at: iso(endedAt),
    updated_at: iso(endedAt),
    // Rollup: each step counts on its own day.
    day,
    is_filed: isFinished,
    close_day: isFinished ? beijingDay(new Date(closedAt)) : null,
    is_extended: isExtended,
    is_on_time: isOnTime && !isExtended,
    is_reworked: isReworked,
    handling_seconds: isFinished ? Math.round(handlingHours * 3600) : 0,
    extension_day: isExtended ? beijingDay(new Date(dispatchedAt + 4 * HOUR)) : null,
    callback_day: isFinished ? beijingDay(new Date(calledBackAt)) : null,
  };
}

type LargeCase = ReturnType<typeof makeCase>;

// One statement per batch: cases (skipping numbers already there), their instances, and the
// rollup of just the inserted cases, so a batch written twice counts once.
async function writeBatch(db: Db, rows: LargeCase[]): Promise<number> {
  const result = await sql<{ n: number }>`
    WITH src AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
        case_number text, region_code text, grid_code text, category_code text,
        lat float8, lon float8, description text, urgency text, channel text,
        department_id int, workflow_key text, satisfaction text, created_at timestamptz,
        state text, state_entered_at timestamptz, updated_at timestamptz, day date,
        is_filed boolean, close_day date, is_extended boolean, is_on_time boolean,
        is_reworked boolean, handling_seconds bigint, extension_day date, callback_day date)
    ), ins AS (
      INSERT INTO cases (case_number, region_code, grid_code, category_code, lat, lon,
        description, urgency, channel, department_id, workflow_key, satisfaction, created_at,
        is_open)
      SELECT case_number, region_code, grid_code, category_code, lat, lon, description,
        urgency, channel, department_id, workflow_key, satisfaction, created_at, false
      FROM src
      ON CONFLICT (case_number) DO NOTHING
      RETURNING id, case_number
    ), new_rows AS (
      SELECT ins.id, src.* FROM ins JOIN src USING (case_number)
    ), instances AS (
      INSERT INTO workflow_instances (region_code, department_id, definition_key,
        definition_version, subject_type, subject_id, state, state_entered_at, created_at,
        updated_at, closed_at)
      SELECT region_code, department_id, workflow_key, 1, 'case', id::text, state,
        state_entered_at, created_at, updated_at, updated_at
      FROM new_rows
      RETURNING 1
    ), contributions AS (
      SELECT day, region_code, coalesce(department_id, 0) AS department_id, 1 AS intake,
        is_filed::int AS filed, 0 AS closed, 0 AS closed_extended, 0 AS on_time_closed,
        0 AS reworked, 0 AS extensions, 0 AS handled_cases, 0::int8 AS handling_seconds,
        0 AS callbacks, 0 AS satisfied, 0 AS basically_satisfied, 0 AS dissatisfied
      FROM new_rows
      UNION ALL
      SELECT close_day, region_code, coalesce(department_id, 0), 0, 0, 1, is_extended::int,
        is_on_time::int, is_reworked::int, 0, 1, handling_seconds, 0, 0, 0, 0
      FROM new_rows WHERE close_day IS NOT NULL
      UNION ALL
      SELECT extension_day, region_code, coalesce(department_id, 0), 0, 0, 0, 0, 0, 0, 1, 0,
        0, 0, 0, 0, 0
      FROM new_rows WHERE extension_day IS NOT NULL
      UNION ALL
      SELECT callback_day, region_code, coalesce(department_id, 0), 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, (satisfaction = 'satisfied')::int, (satisfaction = 'basically_satisfied')::int,
        (satisfaction = 'dissatisfied')::int
      FROM new_rows WHERE callback_day IS NOT NULL
    ), rollup AS (
      INSERT INTO case_daily_stats (day, region_code, department_id, intake, filed, closed,
        closed_extended, on_time_closed, reworked, extensions, handled_cases, handling_seconds,
        callbacks, satisfied, basically_satisfied, dissatisfied)
      SELECT day, region_code, department_id, sum(intake), sum(filed), sum(closed),
        sum(closed_extended), sum(on_time_closed), sum(reworked), sum(extensions),
        sum(handled_cases), sum(handling_seconds), sum(callbacks), sum(satisfied),
        sum(basically_satisfied), sum(dissatisfied)
      FROM contributions
      GROUP BY day, region_code, department_id
      -- One order for every batch, so concurrent batches lock rollup rows alike.
      ORDER BY day, region_code, department_id
      ON CONFLICT (day, region_code, department_id) DO UPDATE SET
        intake = case_daily_stats.intake + excluded.intake,
        filed = case_daily_stats.filed + excluded.filed,
        closed = case_daily_stats.closed + excluded.closed,
        closed_extended = case_daily_stats.closed_extended + excluded.closed_extended,
        on_time_closed = case_daily_stats.on_time_closed + excluded.on_time_closed,
        reworked = case_daily_stats.reworked + excluded.reworked,
        extensions = case_daily_stats.extensions + excluded.extensions,
        handled_cases = case_daily_stats.handled_cases + excluded.handled_cases,
        handling_seconds = case_daily_stats.handling_seconds + excluded.handling_seconds,
        callbacks = case_daily_stats.callbacks + excluded.callbacks,
        satisfied = case_daily_stats.satisfied + excluded.satisfied,
        basically_satisfied = case_daily_stats.basically_satisfied + excluded.basically_satisfied,
        dissatisfied = case_daily_stats.dissatisfied + excluded.dissatisfied
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM ins`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** Counts a setting like CITYGOV_LARGE_CASES=2_000_000. */
export function largeCaseCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CITYGOV_LARGE_CASES?.replaceAll('_', '');
  if (!raw) return LARGE_CASES;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > LARGE_CASES) {
    throw new Error(
      `CITYGOV_LARGE_CASES must be a whole number from 1 to 10,000,000, got "${raw}"`,
    );
  }
  return n;
}

/** The large scale's historical cases (resumable; progress under demo.progress.cases-large). */
export async function seedLargeCases(
  ctx: AppContext,
  runBatches: DemoSeedContext['runBatches'],
  options: { count?: number; now?: Date; log?: (message: string) => void } = {},
): Promise<number> {
  const log = options.log ?? (() => {});
  const count = options.count ?? largeCaseCount();
  const w = await loadWorld(ctx.db, options.now ?? new Date());
  if (!w.districts.length || !w.routes.length) {
    log('cases: no grids or categories, no historical cases');
    return 0;
  }
  const result = await runBatches({
    key: 'cases-large',
    label: 'cases',
    total: count,
    batchSize: 5000,
    concurrency: ctx.dbKind === 'postgres' ? 2 : 1,
    make: (start, end) => {
      const rows: LargeCase[] = [];
      for (let n = start; n < end; n++) rows.push(makeCase(w, n, randomFor('cases-large', n)));
      return rows;
    },
    write: writeBatch,
  });
  await sql`ANALYZE cases`.execute(ctx.db);
  await sql`ANALYZE workflow_instances`.execute(ctx.db);
  await sql`ANALYZE case_daily_stats`.execute(ctx.db);
  log(
    `cases: ${result.inserted.toLocaleString('en')} historical cases in ${result.seconds.toFixed(0)} s`,
  );
  return result.inserted;
}
