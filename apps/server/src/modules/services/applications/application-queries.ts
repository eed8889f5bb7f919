// Listing applications: the applicant's own (newest first), or the staff queue in the caller's
// scope (soonest deadline first) with filters. The applicant's own list without filters is the
// hot read: one prepared statement (mineStatement), the rest goes through the query builder.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ApplicationList, ApplicationListQuery } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { preparedStatement, runStatement } from '../../../platform/db/prepared.ts';
import { forbidden } from '../../../platform/errors.ts';
import { scopesFor, type Principal } from '../../../platform/auth/principal.ts';
import { definitionOf } from '../../../platform/workflow/index.ts';
import { applicationsDb, READ_APPLICATIONS } from './application-access.ts';

type SummaryRow = {
  id: number;
  number: string;
  item_code: string;
  item_name: string;
  department_id: number;
  region_code: string;
  applicant_name: string;
  channel: string;
  /** Instants as ISO text (the hot statement formats them itself). */
  created_at: string;
  state: string;
  definition_key: string;
  definition_version: number;
  deadline_at: string | null;
  is_overdue: boolean;
  is_paused: boolean;
};

const summaryOf = (r: SummaryRow): ApplicationList['items'][number] => {
  const state = definitionOf(r.definition_key, r.definition_version).states[r.state]!;
  return {
    id: Number(r.id),
    number: r.number,
    itemCode: r.item_code,
    itemName: r.item_name,
    departmentId: r.department_id,
    regionCode: r.region_code,
    applicantName: r.applicant_name,
    channel: r.channel,
    state: r.state,
    stateLabel: state.label,
    isFinal: state.isFinal === true,
    deadlineAt: r.deadline_at,
    isOverdue: r.is_overdue,
    isPaused: r.is_paused,
    createdAt: r.created_at,
  };
};

// Mine: the applicant's account, person, enterprise or channel key (a null matches nothing).
// One index range per column, where an OR across the columns would scan them together; each
// branch leaves out what an earlier one found ("= … IS NOT TRUE"), so the rows need neither
// de-duplicating nor fetching again. The total is a window count: one statement answers a
// page. Instants come as the ISO text the answer carries (what Date#toISOString writes).
const isoFormat = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const mineColumns = `id, number, item_code, item_name, department_id, region_code,
  applicant_name, channel, created_at, instance_id`;
const mineStatement = preparedStatement(
  'services_applications_mine',
  `WITH mine AS (
      SELECT ${mineColumns} FROM service_applications WHERE owner_user_id = $1::bigint
      UNION ALL SELECT ${mineColumns} FROM service_applications
        WHERE applicant_person_id = $2::bigint AND (owner_user_id = $1::bigint) IS NOT TRUE
      UNION ALL SELECT ${mineColumns} FROM service_applications
        WHERE applicant_enterprise_id = $3::bigint AND (owner_user_id = $1::bigint) IS NOT TRUE
          AND (applicant_person_id = $2::bigint) IS NOT TRUE
      UNION ALL SELECT ${mineColumns} FROM service_applications
        WHERE submitted_by_api_key_id = $4::bigint AND (owner_user_id = $1::bigint) IS NOT TRUE
          AND (applicant_person_id = $2::bigint) IS NOT TRUE
          AND (applicant_enterprise_id = $3::bigint) IS NOT TRUE
    )
    SELECT a.id, a.number, a.item_code, a.item_name, a.department_id, a.region_code,
      a.applicant_name, a.channel,
      to_char(a.created_at AT TIME ZONE 'UTC', ${isoFormat}) AS created_at,
      wi.state, wi.definition_key, wi.definition_version,
      to_char(wi.deadline_at AT TIME ZONE 'UTC', ${isoFormat}) AS deadline_at,
      wi.is_overdue, wi.paused_at IS NOT NULL AS is_paused, count(*) OVER () AS total
    FROM mine a JOIN workflow_instances wi ON wi.id = a.instance_id
    ORDER BY a.id DESC LIMIT $5::int OFFSET $6::int`,
);

const hasFilters = (q: ApplicationListQuery) =>
  q.state !== undefined ||
  q.itemCode !== undefined ||
  q.number !== undefined ||
  q.departmentId !== undefined ||
  q.overdue !== undefined;

export async function listApplications(
  db: Db,
  principal: Principal,
  query: ApplicationListQuery,
): Promise<ApplicationList> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const scopes = scopesFor(principal, READ_APPLICATIONS);
  const view = query.view ?? (scopes.length ? 'queue' : 'mine');
  if (view === 'queue' && scopes.length === 0) {
    throw forbidden('Only staff who handle applications have a queue');
  }
  if (view === 'mine' && !hasFilters(query)) {
    const rows = await runStatement<SummaryRow & { total: number | string }>(db, mineStatement, [
      principal.userId,
      principal.personId,
      principal.enterpriseId,
      principal.kind === 'api_key' ? principal.apiKey!.id : null,
      pageSize,
      (page - 1) * pageSize,
    ]);
    // A page past the end has no row to carry the total: the general query counts.
    if (rows.length > 0) {
      return { items: rows.map(summaryOf), total: Number(rows[0]!.total), page, pageSize };
    }
  }
  let q = applicationsDb(db)
    .selectFrom('service_applications as a')
    .innerJoin('workflow_instances as wi', 'wi.id', 'a.instance_id');

  q = q.where((eb) => {
    if (view === 'mine') {
      const mine: Expression<SqlBool>[] = [];
      if (principal.kind === 'api_key')
        mine.push(eb('a.submitted_by_api_key_id', '=', principal.apiKey!.id));
      if (principal.userId !== null) mine.push(eb('a.owner_user_id', '=', principal.userId));
      if (principal.personId !== null)
        mine.push(eb('a.applicant_person_id', '=', principal.personId));
      if (principal.enterpriseId !== null)
        mine.push(eb('a.applicant_enterprise_id', '=', principal.enterpriseId));
      return mine.length ? eb.or(mine) : eb.val(false);
    }
    return eb.or(
      scopes.map((s) =>
        eb.and([
          eb('a.region_code', 'like', `${s.prefix}%`),
          ...(s.departmentId === null ? [] : [eb('a.department_id', '=', s.departmentId)]),
        ]),
      ),
    );
  });
  if (query.state) q = q.where('wi.state', '=', query.state);
  else if (view === 'queue') q = q.where('wi.closed_at', 'is', null);
  if (query.itemCode) q = q.where('a.item_code', '=', query.itemCode);
  // The pattern allows no LIKE wildcards: the text is matched as it is.
  if (query.number) q = q.where('a.number', 'like', `%${query.number.toUpperCase()}%`);
  if (query.departmentId) q = q.where('a.department_id', '=', query.departmentId);
  if (query.overdue !== undefined) {
    // Overdue: flagged by the scheduler, or past the deadline with the clock running.
    const late = sql<boolean>`(wi.is_overdue OR (wi.closed_at IS NULL AND wi.paused_at IS NULL AND wi.deadline_at < now()))`;
    q = q.where(query.overdue ? late : sql<boolean>`NOT ${late}`, '=', true);
  }

  const { total } = await q
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .executeTakeFirstOrThrow();
  const ordered =
    view === 'queue'
      ? q.orderBy(sql`wi.deadline_at ASC NULLS LAST`).orderBy('a.id')
      : q.orderBy('a.id', 'desc');
  const rows = await ordered
    .select([
      'a.id',
      'a.number',
      'a.item_code',
      'a.item_name',
      'a.department_id',
      'a.region_code',
      'a.applicant_name',
      'a.channel',
      'a.created_at',
      'wi.state',
      'wi.definition_key',
      'wi.definition_version',
      'wi.deadline_at',
      'wi.is_overdue',
      'wi.paused_at',
    ])
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  const items = rows.map((r) =>
    summaryOf({
      ...r,
      created_at: r.created_at.toISOString(),
      deadline_at: r.deadline_at?.toISOString() ?? null,
      is_paused: r.paused_at !== null,
    }),
  );
  return { items, total: Number(total), page, pageSize };
}
