// The large city's application history (npm run seed -- --scale large): by default ten million
// applications over the year before the first run, generated in SQL (generate_series), in
// resumable batches with progress, then counted into the indicators' rollup. Each row's item,
// applicant, channel, path and dates come from hashes of its number, so a rerun writes the same
// rows (explicit ids, ON CONFLICT DO NOTHING). The rows exist to measure supervision at scale:
// they carry the application, its workflow instance (state, deadline, clock, closing time) and
// ratings with their rectification state, but no step history, materials or audit entries.
import { sql } from 'kysely';
import type { DemoSeedContext } from '../../../demo/index.ts';
import type { Db } from '../../../platform/db/database.ts';
import { localDateOf } from '../../../platform/calendar/index.ts';
import { addCalendarDays } from '../../../platform/calendar/working-calendar.ts';
import { ensureWorkdays, resetIndicatorRollup, runIndicatorRollup } from '../indicators/index.ts';

/** Applications the large scale adds; CITYGOV_LARGE_APPLICATIONS overrides (e.g. 200000). */
export const LARGE_APPLICATIONS = 10_000_000;
/** Ids of generated rows start here (applications, their instances), clear of real ones. */
export const LARGE_ID_BASE = 1_000_000_000;
const RATING_INSTANCE_BASE = 3_000_000_000;
const SPAN_DAYS = 365;
const ANCHOR_SETTING = 'services.large.anchor';
const BATCH_SIZE = 20_000;

/** A number in [0, 1) from the row number and a salt (PostgreSQL's own integer hash). */
const r = (salt: number) =>
  sql.raw(`((hashint8(g.g * 64 + ${salt})::bigint & 2147483647) / 2147483648.0)`);

export interface Span {
  total: number;
  startNo: number;
  endNo: number;
  /** The end of the anchor day: what "now" is for the generated history. */
  anchorEnd: string;
}

/** One batch [start, end): the applications, their instances, ratings and rectifications. */
export function batchSql(start: number, end: number, span: Span) {
  const days = span.endNo - span.startNo + 1;
  return sql`
    WITH pool AS (
      SELECT array_agg(id ORDER BY frequency DESC, code) AS ids
        FROM service_items WHERE status = 'active' AND region_code = '500000'
    ), people AS (
      SELECT array_agg(id ORDER BY id) AS ids FROM (SELECT id FROM persons ORDER BY id LIMIT 50000) p
    ), wd AS (
      SELECT array_agg(day ORDER BY workday_no) FILTER (WHERE is_workday) AS days FROM service_workdays
    ), g AS (
      SELECT g, ${r(1)} AS r1, ${r(2)} AS r2, ${r(3)} AS r3, ${r(4)} AS r4, ${r(5)} AS r5,
             ${r(6)} AS r6, ${r(7)} AS r7, ${r(8)} AS r8, ${r(9)} AS r9, ${r(10)} AS r10,
             ${r(11)} AS r11, ${r(12)} AS r12, ${r(13)} AS r13,
             ${span.startNo} + floor(g::numeric * ${days} / ${span.total})::int AS cno
        FROM generate_series(${start}::bigint, ${end - 1}::bigint) AS g
    ), picked AS (
      SELECT g.*, i.id AS item_id, i.code, i.name AS item_name, i.type_code, i.department_id,
             i.region_code, i.promised_limit_days, i.workflow_key, GREATEST(1, i.promised_limit_days) AS lim,
             pe.id AS person_id, pe.name AS person_name, pe.id_number_hint,
             ((wd.days[g.cno] + make_interval(mins => 510 + floor(g.r3 * 540)::int))
               AT TIME ZONE 'Asia/Shanghai') AS created_at,
             ${span.endNo} - g.cno AS age
        FROM g CROSS JOIN pool CROSS JOIN people CROSS JOIN wd
        JOIN service_items i ON i.id = pool.ids[1 + floor(power(g.r1, 2) * array_length(pool.ids, 1))::int]
        JOIN persons pe ON pe.id = people.ids[1 + floor(g.r2 * array_length(people.ids, 1))::int]
    ), planned AS (
      SELECT p.*,
             CASE
               WHEN p.age <= 1 THEN CASE WHEN p.r4 < 0.5 THEN 'submitted' ELSE 'under_review' END
               WHEN p.age <= p.lim + 2 THEN CASE WHEN p.r4 < 0.55 THEN 'finished' WHEN p.r4 < 0.85 THEN 'under_review'
                                                 WHEN p.r4 < 0.95 THEN 'supplement_requested' ELSE 'submitted' END
               ELSE CASE WHEN p.r4 < 0.005 THEN 'under_review' WHEN p.r4 < 0.01 THEN 'supplement_requested'
                         ELSE 'finished' END
             END AS path,
             (p.r6 < 0.15) AS is_supplemented,
             CASE WHEN p.r8 < 0.1 THEN p.lim + 1 + floor(p.r7 * 3)::int ELSE floor(p.r7 * (p.lim + 1))::int END AS k
        FROM picked p
    ), shaped AS (
      SELECT q.*,
             CASE WHEN q.path <> 'finished' THEN q.path
                  WHEN q.r5 < 0.80 THEN 'delivered' WHEN q.r5 < 0.87 THEN 'denied'
                  WHEN q.r5 < 0.94 THEN 'not_accepted' ELSE 'withdrawn' END AS state,
             q.cno + q.lim + CASE WHEN q.is_supplemented THEN 2 ELSE 0 END AS dno,
             LEAST(q.cno + q.k + CASE WHEN q.is_supplemented THEN 2 ELSE 0 END, ${span.endNo}) AS fno
        FROM planned q
    ), timed AS (
      SELECT s.*,
             (((wd.days[s.dno] + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') - interval '1 millisecond') AS deadline_at,
             CASE WHEN s.path = 'finished' THEN GREATEST(
               s.created_at + interval '30 minutes',
               (wd.days[s.fno] + make_interval(mins => 600 + floor(s.r9 * 420)::int)) AT TIME ZONE 'Asia/Shanghai')
             END AS closed_at
        FROM shaped s CROSS JOIN wd
    ), apps AS (
      INSERT INTO service_applications (id, number, region_code, department_id, item_id, item_code, item_name,
             type_code, promised_limit_days, instance_id, applicant_kind, applicant_person_id, applicant_name,
             applicant_id_hint, channel, submitted_by, form, supplement_count, created_at)
      SELECT ${LARGE_ID_BASE} + t.g, t.code || '-' || to_char(t.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD')
               || '-' || lpad(t.g::text, 9, '0'),
             t.region_code, t.department_id, t.item_id, t.code, t.item_name, t.type_code, t.promised_limit_days,
             ${LARGE_ID_BASE} + t.g, 'person', t.person_id, t.person_name, t.id_number_hint,
             CASE WHEN t.r10 < 0.45 THEN 'web' WHEN t.r10 < 0.70 THEN 'mobile' WHEN t.r10 < 0.75 THEN 'mini_program'
                  ELSE 'window' END,
             'system:large-seed', '{"contactPhone":"13800000000"}'::jsonb,
             CASE WHEN t.is_supplemented OR t.state = 'supplement_requested' THEN 1 ELSE 0 END, t.created_at
        FROM timed t
      ON CONFLICT DO NOTHING
      RETURNING id
    ), instances AS (
      INSERT INTO workflow_instances (id, region_code, department_id, definition_key, definition_version,
             subject_type, subject_id, state, data, deadline_at, deadline_unit, state_entered_at, paused_at,
             paused_seconds, is_overdue, history_count, created_at, updated_at, closed_at)
      SELECT ${LARGE_ID_BASE} + t.g, t.region_code, t.department_id, t.workflow_key, 1, 'service_application',
             (${LARGE_ID_BASE} + t.g)::text, t.state, '{"channel":"web"}'::jsonb, t.deadline_at, 'workdays',
             COALESCE(t.closed_at, t.created_at),
             CASE WHEN t.state = 'submitted' THEN t.created_at
                  WHEN t.state = 'supplement_requested' THEN t.created_at + interval '1 day' END,
             CASE WHEN t.is_supplemented THEN 172800 ELSE 0 END,
             CASE WHEN t.closed_at IS NOT NULL THEN t.closed_at > t.deadline_at
                  ELSE t.state = 'under_review' AND t.deadline_at < ${span.anchorEnd}::timestamptz END,
             1, t.created_at, COALESCE(t.closed_at, t.created_at), t.closed_at
        FROM timed t
      ON CONFLICT DO NOTHING
      RETURNING id
    ), ratings AS (
      INSERT INTO service_ratings (id, application_id, region_code, department_id, item_code, item_name, channel,
             level, is_named, created_at)
      SELECT ${LARGE_ID_BASE} + t.g, ${LARGE_ID_BASE} + t.g, t.region_code, t.department_id, t.code, t.item_name, 'web',
             CASE WHEN t.r11 < 0.60 THEN 5 WHEN t.r11 < 0.85 THEN 4 WHEN t.r11 < 0.94 THEN 3
                  WHEN t.r11 < 0.98 THEN 2 ELSE 1 END,
             t.r12 < 0.5, t.closed_at + interval '3 hours'
        FROM timed t
       WHERE t.state IN ('delivered', 'denied', 'not_accepted') AND t.r13 < 0.25
      ON CONFLICT DO NOTHING
      RETURNING id, region_code, department_id, level, created_at
    )
    INSERT INTO workflow_instances (id, region_code, department_id, definition_key, definition_version,
           subject_type, subject_id, state, deadline_at, deadline_unit, state_entered_at, history_count,
           created_at, updated_at, closed_at)
    SELECT ${RATING_INSTANCE_BASE} + (x.id - ${LARGE_ID_BASE}), x.region_code, x.department_id,
           'rating.rectification', 1, 'rating', x.id::text,
           CASE WHEN (x.id % 10) < 7 THEN 'closed' ELSE 'rectifying' END,
           x.created_at + interval '7 days', 'workdays', x.created_at + interval '2 days', 1,
           x.created_at, x.created_at + interval '2 days',
           CASE WHEN (x.id % 10) < 7 THEN x.created_at + interval '2 days' END
      FROM ratings x
     WHERE x.level <= 2
    ON CONFLICT DO NOTHING`;
}

/** The year the history covers, anchored at the first run (so reruns write the same rows). */
export async function spanOf(db: Db, total: number): Promise<Span> {
  const stored = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', ANCHOR_SETTING)
    .executeTakeFirst();
  const anchor =
    typeof stored?.value === 'string' ? stored.value : addCalendarDays(localDateOf(new Date()), -1);
  if (!stored) {
    await db
      .insertInto('settings')
      .values({ key: ANCHOR_SETTING, value: JSON.stringify(anchor) })
      .execute();
  }
  const { rows } = await sql<{ day: string; workday_no: number }>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, workday_no FROM service_workdays
     WHERE day IN (${addCalendarDays(anchor, -SPAN_DAYS)}, ${anchor})`.execute(db);
  const no = (day: string) => rows.find((x) => x.day === day)!.workday_no;
  return {
    total,
    startNo: no(addCalendarDays(anchor, -SPAN_DAYS)) + 1,
    endNo: no(anchor),
    anchorEnd: `${addCalendarDays(anchor, 1)}T00:00:00+08:00`,
  };
}

/** Generates the large history (resumable), then rolls it up for the indicators. */
export async function seedLargeApplications(seed: DemoSeedContext): Promise<void> {
  const { db } = seed.ctx;
  const total = Number(process.env.CITYGOV_LARGE_APPLICATIONS ?? LARGE_APPLICATIONS);
  if (!Number.isSafeInteger(total) || total < 1) {
    throw new RangeError('CITYGOV_LARGE_APPLICATIONS must be a positive integer');
  }
  await ensureWorkdays(db);
  const span = await spanOf(db, total);
  const result = await seed.runBatches({
    key: 'services-applications',
    label: 'applications',
    total,
    batchSize: BATCH_SIZE,
    concurrency: seed.ctx.dbKind === 'postgres' ? 2 : 1,
    make: (start, end) => [{ start, end }],
    async write(trx, rows) {
      const { start, end } = rows[0] as { start: number; end: number };
      await batchSql(start, end, span).execute(trx);
      return end - start;
    },
  });
  seed.log(
    `applications: ${result.inserted.toLocaleString('en')} in ${result.seconds.toFixed(1)} s ` +
      `(${Math.round(result.inserted / Math.max(result.seconds, 0.001)).toLocaleString('en')}/s); rolling up the indicators`,
  );
  await sql`ANALYZE service_applications`.execute(db);
  await sql`ANALYZE workflow_instances`.execute(db);
  const started = performance.now();
  // The generated year lies before the watermark a demo seeding left: count it all again.
  await resetIndicatorRollup(db);
  const rollup = await runIndicatorRollup(db, {
    onProgress: (day) => seed.log(`indicators rolled up through ${day}`),
  });
  seed.log(
    `indicators: ${rollup.daysRolled} days rolled up in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** Writes `total` generated applications straight away, without resumption (benchmarks). */
export async function generateApplications(
  db: Db,
  total: number,
  onProgress?: (done: number) => void,
): Promise<void> {
  await ensureWorkdays(db);
  const span = await spanOf(db, total);
  for (let start = 0; start < total; start += BATCH_SIZE) {
    const end = Math.min(start + BATCH_SIZE, total);
    await batchSql(start, end, span).execute(db);
    onProgress?.(end);
  }
}
