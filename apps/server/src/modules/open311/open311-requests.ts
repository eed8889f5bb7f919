// GET requests, GET requests/{id} and GET servicerequestupdates (FixMyStreet's extension):
// cases as service requests, within the read scope (open311-scope.ts). service_request_id is
// the case number; with extensions=true statuses are FixMyStreet's extended ones.
import type { Open311RequestUpdate, Open311ServiceRequest } from '@citygov/contracts';
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { buildCaseWorkflow, endStates, selectCases } from '../cases/index.ts';
import { dateWindow, MAX_RESULTS, Open311Failure, pageOf, splitList } from './open311-params.ts';
import type { Open311ReadScope } from './open311-scope.ts';

// FixMyStreet's extended statuses for our workflow states.
export const extendedStatusOf: Record<string, string> = {
  reported: 'open',
  filed: 'investigating',
  handling: 'in_progress',
  extended: 'action_scheduled',
  handled: 'in_progress',
  verified: 'fixed',
  closed: 'fixed',
  evaluated: 'closed',
  declined: 'not_responsible',
  merged: 'duplicate',
};

const closedStates: readonly string[] = [...endStates, 'closed'];
const isClosedState = (state: string) => closedStates.includes(state);

/** The plain (open|closed) or extended status of a state. */
export const statusOf = (state: string, isExtended: boolean) =>
  isExtended
    ? (extendedStatusOf[state] ?? (isClosedState(state) ? 'closed' : 'open'))
    : isClosedState(state)
      ? 'closed'
      : 'open';

/** The states a status filter names; extended statuses only with extensions=true. */
function statesOf(statusText: string, isExtended: boolean): string[] | 'all' {
  const statuses = splitList(statusText);
  const states = new Set<string>();
  for (const status of statuses) {
    if (status === 'open' || status === 'closed') {
      for (const state of Object.keys(extendedStatusOf)) {
        if (statusOf(state, false) === status) states.add(state);
      }
      continue;
    }
    const matching = Object.keys(extendedStatusOf).filter((s) => extendedStatusOf[s] === status);
    if (!isExtended || !matching.length) {
      throw new Open311Failure(
        400,
        isExtended
          ? `status must be open, closed or one of ${[...new Set(Object.values(extendedStatusOf))].join(', ')}`
          : 'status must be open or closed (extended statuses need extensions=true)',
      );
    }
    for (const s of matching) states.add(s);
  }
  if (!statuses.length) throw new Open311Failure(400, 'status is empty');
  return states.size === Object.keys(extendedStatusOf).length ? 'all' : [...states];
}

export interface RequestsQuery {
  service_request_id?: string;
  service_code?: string;
  start_date?: string;
  end_date?: string;
  status?: string;
  page?: string;
  page_size?: string;
  extensions?: string;
}

const requestColumns = [
  'c.case_number',
  'c.category_code',
  'cat.name_zh as category_name',
  'c.description',
  'c.address',
  'c.lat',
  'c.lon',
  'c.created_at',
  'i.state',
  'i.state_deadline_at',
  'i.closed_at',
  'i.updated_at',
  'd.name as department_name',
] as const;

/** Cases in the scope (region, and staff-only classes hidden unless visible). */
function scopedCases(db: Db, scope: Open311ReadScope) {
  let q = selectCases(db)
    .leftJoin('departments as d', 'd.id', 'c.department_id')
    .where('c.region_code', 'like', `${scope.prefix}%`);
  if (!scope.isRestrictedVisible) {
    q = q.where((eb) =>
      eb.or([eb('cat.is_restricted', 'is', null), eb('cat.is_restricted', '=', false)]),
    );
  }
  return q;
}

type RequestRow = {
  case_number: string;
  category_code: string;
  category_name: string | null;
  description: string;
  address: string | null;
  lat: number;
  lon: number;
  created_at: Date;
  state: string;
  state_deadline_at: Date | null;
  closed_at: Date | null;
  updated_at: Date;
  department_name: string | null;
};

function toRequest(row: RequestRow, isExtended: boolean): Open311ServiceRequest {
  const isClosed = row.closed_at !== null || isClosedState(row.state);
  return {
    service_request_id: row.case_number,
    status: statusOf(row.state, isExtended),
    status_notes: null,
    service_name: row.category_name ?? row.category_code,
    service_code: row.category_code,
    description: row.description,
    agency_responsible: row.department_name,
    service_notice: null,
    requested_datetime: row.created_at.toISOString(),
    updated_datetime: row.updated_at.toISOString(),
    expected_datetime: isClosed ? null : (row.state_deadline_at?.toISOString() ?? null),
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: row.lat,
    long: row.lon,
    media_url: null,
  };
}

/** GET requests: service_request_id (a list) overrides every other filter. */
export async function listOpen311Requests(
  db: Db,
  scope: Open311ReadScope,
  query: RequestsQuery,
  now = new Date(),
): Promise<Open311ServiceRequest[]> {
  const isExtended = query.extensions === 'true';
  const { limit, offset } = pageOf(query);
  let q = scopedCases(db, scope).select(requestColumns);
  if (query.service_request_id !== undefined) {
    const ids = splitList(query.service_request_id);
    if (!ids.length) throw new Open311Failure(400, 'service_request_id is empty');
    if (ids.length > MAX_RESULTS) {
      throw new Open311Failure(400, `at most ${MAX_RESULTS} service_request_id values`);
    }
    q = q.where('c.case_number', 'in', ids);
  } else {
    const { from, to } = dateWindow(query.start_date, query.end_date, now);
    q = q.where('c.created_at', '>=', from).where('c.created_at', '<=', to);
    if (query.service_code !== undefined) {
      const codes = splitList(query.service_code);
      if (!codes.length) throw new Open311Failure(400, 'service_code is empty');
      q = q.where('c.category_code', 'in', codes);
    }
    if (query.status !== undefined) {
      const states = statesOf(query.status, isExtended);
      if (states !== 'all') q = q.where('i.state', 'in', states);
    }
  }
  const rows = await q
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => toRequest(r, isExtended));
}

/** GET requests/{id}: a one-item list, 404 when unknown or outside the scope. */
export async function findOpen311Request(
  db: Db,
  scope: Open311ReadScope,
  id: string,
  isExtended: boolean,
): Promise<Open311ServiceRequest[]> {
  const row = await scopedCases(db, scope)
    .select(requestColumns)
    .where('c.case_number', '=', id)
    .executeTakeFirst();
  if (!row) throw new Open311Failure(404, `service_request_id ${id} not found`);
  return [toRequest(row, isExtended)];
}

// What each step says publicly: the action's label, never the staff's notes.
const actionLabels = buildCaseWorkflow({
  dispatch: { amount: 1, unit: 'workhours' },
  handle: { amount: 1, unit: 'workdays' },
  verify: { amount: 1, unit: 'workhours' },
}).actions;
const labelOf = (action: string) => {
  if (action === 'start') return '已受理 Received';
  const label = actionLabels[action.startsWith('supervise_') ? 'supervise' : action]?.label;
  return label ? `${label.zh} ${label.en}` : action;
};

/**
 * GET servicerequestupdates: every public step of the scope's requests in [start_date,
 * end_date] (at most 90 days; by default the last 90), oldest first, paged.
 */
export async function listOpen311Updates(
  db: Db,
  scope: Open311ReadScope,
  query: RequestsQuery,
  now = new Date(),
): Promise<Open311RequestUpdate[]> {
  const isExtended = query.extensions === 'true';
  const { limit, offset } = pageOf(query);
  const { from, to } = dateWindow(query.start_date, query.end_date, now);
  let q = scopedCases(db, scope)
    .innerJoin('workflow_history as h', 'h.instance_id', 'i.id')
    .select(['h.id', 'h.action', 'h.to_state', 'h.at', 'c.case_number'])
    .where('h.at', '>=', from)
    .where('h.at', '<=', to)
    // Timer entries (reminders, overdue flags, escalations) are the staff's business.
    .where(sql<SqlBool>`h.action NOT LIKE 'timer.%'`);
  if (query.service_request_id !== undefined) {
    const ids = splitList(query.service_request_id);
    if (!ids.length) throw new Open311Failure(400, 'service_request_id is empty');
    q = q.where('c.case_number', 'in', ids.slice(0, MAX_RESULTS));
  }
  const rows = await q.orderBy('h.at').orderBy('h.id').limit(limit).offset(offset).execute();
  return rows.map((r) => ({
    update_id: String(r.id),
    service_request_id: r.case_number,
    status: statusOf(r.to_state, isExtended),
    updated_datetime: new Date(r.at).toISOString(),
    description: labelOf(r.action),
    media_url: null,
    external_status_code: isExtended ? r.action.replace(/^supervise_.*/, 'supervise') : null,
  }));
}
