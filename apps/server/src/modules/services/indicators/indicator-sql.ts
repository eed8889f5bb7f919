// The SQL the indicators are counted with, shared by the daily rollup (which stores it per day
// and item) and the live query (days after the rollup's watermark). See indicator-formulas.ts
// for what each count means. City dates are Asia/Shanghai; [start, end) are instants.
import { sql, type RawBuilder } from 'kysely';

const cityDay = (column: string) => sql.raw(`(${column} AT TIME ZONE 'Asia/Shanghai')::date`);

/** Channels that count as online handling (网上办理). */
export const ONLINE_CHANNELS = ['web', 'mobile', 'mini_program'] as const;
/** States in which an application is finished by the agency (办结). */
export const FINISHED_STATES = ['delivered', 'denied', 'not_accepted'] as const;
// The ratings module's rectification subject and states (modules/ratings/rating-workflow.ts);
// named here as text because ratings builds on services, not the other way round.
export const RECTIFICATION_SUBJECT = 'rating';
export const RECTIFIED_STATE = 'closed';
export const EXCLUDED_STATE = 'excluded';

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

/** Columns of a daily row, in order (day, item_id, department_id, region_code, then counts). */
export const COUNT_COLUMNS = [
  'received',
  'received_online',
  'finished',
  'finished_on_time',
  'finished_supplemented',
  'working_days_sum',
  'ratings',
  'ratings_satisfied',
  'bad_ratings',
  'bad_ratings_rectified',
] as const;
export type CountColumn = (typeof COUNT_COLUMNS)[number];

/** Applications submitted in [start, end), per day and item. */
function receivedRows(start: Date, end: Date): RawBuilder<unknown> {
  return sql`
    SELECT ${cityDay('a.created_at')} AS day, a.item_id, a.department_id, a.region_code,
           count(*)::int AS received,
           (count(*) FILTER (WHERE a.channel IN (${list(ONLINE_CHANNELS)})))::int AS received_online,
           0 AS finished, 0 AS finished_on_time, 0 AS finished_supplemented, 0 AS working_days_sum,
           0 AS ratings, 0 AS ratings_satisfied, 0 AS bad_ratings, 0 AS bad_ratings_rectified
      FROM service_applications a
     WHERE a.created_at >= ${start} AND a.created_at < ${end}
     GROUP BY 1, 2, 3, 4`;
}

/**
 * Applications finished in [start, end), one row each: the day, on time or not, with a 补正 or
 * not, and the working days used = max(0, L − (no(deadline day) − no(closing day))), L the
 * limit the clock ran on (max(1, promised)). Needs service_workdays filled (ensureWorkdays).
 */
export function finishedApplications(start: Date, end: Date): RawBuilder<unknown> {
  return sql`
    SELECT ${cityDay('wi.closed_at')} AS day, a.item_id, a.department_id, a.region_code,
           (wi.closed_at <= wi.deadline_at) AS is_on_time,
           (a.supplement_count > 0) AS is_supplemented,
           GREATEST(0, GREATEST(1, a.promised_limit_days) - (wd.workday_no - wc.workday_no))
             AS days_used
      FROM workflow_instances wi
      JOIN service_applications a ON a.instance_id = wi.id
      JOIN service_workdays wd ON wd.day = ${cityDay('wi.deadline_at')}
      JOIN service_workdays wc ON wc.day = ${cityDay('wi.closed_at')}
     WHERE wi.subject_type = 'service_application' AND wi.closed_at IS NOT NULL
       AND wi.closed_at >= ${start} AND wi.closed_at < ${end}
       AND wi.state IN (${list(FINISHED_STATES)})`;
}

function finishedRows(start: Date, end: Date): RawBuilder<unknown> {
  return sql`
    SELECT f.day, f.item_id, f.department_id, f.region_code, 0 AS received, 0 AS received_online,
           count(*)::int AS finished,
           (count(*) FILTER (WHERE f.is_on_time))::int AS finished_on_time,
           (count(*) FILTER (WHERE f.is_supplemented))::int AS finished_supplemented,
           sum(f.days_used)::int AS working_days_sum,
           0 AS ratings, 0 AS ratings_satisfied, 0 AS bad_ratings, 0 AS bad_ratings_rectified
      FROM (${finishedApplications(start, end)}) f
     GROUP BY 1, 2, 3, 4`;
}

/** Ratings given in [start, end), per day and rated item; those excluded after an appeal left out. */
export function ratingRows(start: Date, end: Date): RawBuilder<unknown> {
  return sql`
    SELECT ${cityDay('r.created_at')} AS day, a.item_id, a.department_id, a.region_code,
           0 AS received, 0 AS received_online, 0 AS finished, 0 AS finished_on_time,
           0 AS finished_supplemented, 0 AS working_days_sum,
           count(*)::int AS ratings,
           (count(*) FILTER (WHERE r.level >= 4))::int AS ratings_satisfied,
           (count(*) FILTER (WHERE r.level <= 2))::int AS bad_ratings,
           (count(*) FILTER (WHERE r.level <= 2 AND ri.state = ${RECTIFIED_STATE}))::int
             AS bad_ratings_rectified
      FROM service_ratings r
      JOIN service_applications a ON a.id = r.application_id
      LEFT JOIN workflow_instances ri
        ON ri.subject_type = ${RECTIFICATION_SUBJECT} AND ri.subject_id = r.id::text
     WHERE r.created_at >= ${start} AND r.created_at < ${end}
       AND ri.state IS DISTINCT FROM ${EXCLUDED_STATE}
     GROUP BY 1, 2, 3, 4`;
}

const sums = sql.raw(COUNT_COLUMNS.map((c) => `sum(${c})::int AS ${c}`).join(', '));

/** Every count per day and item over [start, end), as the rollup stores them. */
export function dailyRows(start: Date, end: Date): RawBuilder<unknown> {
  return sql`
    SELECT u.day, u.item_id, u.department_id, u.region_code, ${sums}
      FROM (${receivedRows(start, end)}
            UNION ALL ${finishedRows(start, end)}
            UNION ALL ${ratingRows(start, end)}) u
     GROUP BY u.day, u.item_id, u.department_id, u.region_code`;
}

/** The working-days histogram per day, department and item, plus item 0 = the department. */
export function daysRows(start: Date, end: Date): RawBuilder<unknown> {
  return sql`
    WITH f AS (${finishedApplications(start, end)})
    SELECT day, department_id, item_id, min(region_code) AS region_code, days_used,
           count(*)::int AS n
      FROM f GROUP BY day, department_id, item_id, days_used
    UNION ALL
    SELECT day, department_id, 0 AS item_id, min(region_code) AS region_code, days_used,
           count(*)::int AS n
      FROM f GROUP BY day, department_id, days_used`;
}
