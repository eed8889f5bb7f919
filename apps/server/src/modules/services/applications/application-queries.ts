// Listing applications: the applicant's own (newest first), or the staff queue in the caller's
// scope (soonest deadline first) with filters. The applicant's own list without filters is the
// hot read: one statement whose answer the server writes as JSON text (application-mine.ts),
// kept between changes (mine-cache.ts); the rest goes through the query builder.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { ApplicationList, ApplicationListQuery } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { forbidden } from '../../../platform/errors.ts';
import { scopesFor, type Principal } from '../../../platform/auth/principal.ts';
import type { JsonText } from '../../../platform/http/json-text.ts';
import { definitionOf } from '../../../platform/workflow/index.ts';
import { applicationsDb, READ_APPLICATIONS } from './application-access.ts';
import { listMineAsJson } from './application-mine.ts';
import { mineCacheOf } from './mine-cache.ts';

type SummaryRow = {
  id: number;
  number: string;
  item_code: string;
  item_name: string;
  department_id: number;
  region_code: string;
  applicant_name: string;
  channel: string;
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

const hasFilters = (q: ApplicationListQuery) =>
  q.state !== undefined ||
  q.itemCode !== undefined ||
  q.number !== undefined ||
  q.departmentId !== undefined ||
  q.overdue !== undefined;

/**
 * A page of applications: the caller's own as JSON text when unfiltered (the hot read, kept
 * between changes in the context's cache when it has one).
 */
export async function listApplications(
  ctx: { db: Db },
  principal: Principal,
  query: ApplicationListQuery,
): Promise<ApplicationList | JsonText<ApplicationList>> {
  const { db } = ctx;
  const scopes = scopesFor(principal, READ_APPLICATIONS);
  const view = query.view ?? (scopes.length ? 'queue' : 'mine');
  if (view === 'queue' && scopes.length === 0) {
    throw forbidden('Only staff who handle applications have a queue');
  }
  if (view === 'mine' && !hasFilters(query)) {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const load = async () =>
      (await listMineAsJson(db, principal, page, pageSize)) ??
      JSON.stringify(await selectApplications(db, principal, { view, page, pageSize }));
    const cache = mineCacheOf(ctx);
    return cache ? cache.read(principal, page, pageSize, load) : load();
  }
  return selectApplications(db, principal, { ...query, view });
}

/** A page of applications through the query builder, any view and filters (scope as above). */
export async function selectApplications(
  db: Db,
  principal: Principal,
  query: ApplicationListQuery & { view: 'mine' | 'queue' },
): Promise<ApplicationList> {
  const { view } = query;
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const scopes = view === 'queue' ? scopesFor(principal, READ_APPLICATIONS) : [];
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
