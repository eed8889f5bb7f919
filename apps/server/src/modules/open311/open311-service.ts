// Open311 GeoReport v2 over the case loop: categories are services, cases are service requests
// (service_request_id is the case number), reports go in through reportCase.
import type {
  CategoryView,
  CreateCaseBody,
  Open311Attribute,
  Open311RequestCreated,
  Open311Service,
  Open311ServiceDefinition,
  Open311ServiceRequest,
  Urgency,
} from '@citygov/contracts';
import { sql, type SqlBool } from 'kysely';
import type { AppContext } from '../../platform/http/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { can } from '../../platform/auth/principal.ts';
import { resolveApiKey } from '../../platform/auth/sessions.ts';
import {
  CASES_REPORT,
  endStates,
  getCategory,
  listCategories,
  reportCase,
  selectCases,
} from '../cases/index.ts';

/** An error the spec defines: its HTTP status goes into the body's code too. */
export class Open311Failure extends Error {
  readonly status: number;
  constructor(status: number, description: string) {
    super(description);
    this.status = status;
  }
}

const DAY_MS = 86_400_000;
export const MAX_WINDOW_DAYS = 90;
export const MAX_RESULTS = 1000;
export const MAX_DESCRIPTION = 4000;

const urgencyValues: Array<{ key: Urgency; name: string }> = [
  { key: 'normal', name: '一般 normal' },
  { key: 'pressing', name: '紧急 pressing' },
  { key: 'urgent', name: '特急 urgent' },
];

const urgenciesOf = (c: CategoryView) =>
  urgencyValues.filter((v) => c.limits.urgencies[v.key] !== undefined);

// A definition exists when there is a choice to make: the urgency, or the component's code.
const hasMetadata = (c: CategoryView) => urgenciesOf(c).length > 1 || c.kind === 'component';

function toService(c: CategoryView): Open311Service {
  return {
    service_code: c.code,
    service_name: c.nameZh,
    description: `${c.nameZh} (${c.nameEn})`,
    metadata: hasMetadata(c),
    type: 'realtime',
    keywords: [c.nameEn, c.majorNameZh, c.majorNameEn].join(','),
    group: c.majorNameZh,
  };
}

export async function listOpen311Services(db: Db): Promise<Open311Service[]> {
  const { items } = await listCategories(db, {});
  return items.map(toService);
}

async function findActiveCategory(db: Db, code: string): Promise<CategoryView> {
  try {
    const category = await getCategory(db, code);
    if (category.isActive) return category;
  } catch (err) {
    if (!(err instanceof AppError && err.status === 404)) throw err;
  }
  throw new Open311Failure(404, `service_code ${code} not found`);
}

export async function getOpen311ServiceDefinition(
  db: Db,
  code: string,
): Promise<Open311ServiceDefinition> {
  const category = await findActiveCategory(db, code);
  if (!hasMetadata(category)) {
    throw new Open311Failure(404, `service_code ${code} has no metadata (nothing to define)`);
  }
  const attributes: Open311Attribute[] = [];
  const urgencies = urgenciesOf(category);
  if (urgencies.length > 1) {
    attributes.push({
      variable: true,
      code: 'urgency',
      datatype: 'singlevaluelist',
      required: false,
      datatype_description: `one of the keys; ${category.limits.defaultUrgency} when left out`,
      order: 1,
      description: '紧急程度 Urgency (shorter time limits)',
      values: urgencies,
    });
  }
  if (category.kind === 'component') {
    attributes.push({
      variable: true,
      code: 'component_id',
      datatype: 'string',
      required: false,
      datatype_description: 'the 16-character code on the component (manhole cover, lamp ...)',
      order: 2,
      description: '部件编码 Component id',
      values: [],
    });
  }
  return { service_code: category.code, attributes };
}

export type FormFields = Record<string, string | string[] | undefined>;

const single = (fields: FormFields, name: string): string | undefined => {
  const value = fields[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first.trim() === '' ? undefined : first.trim();
};

function parseCoordinate(text: string, name: string, limit: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || Math.abs(value) > limit) {
    throw new Open311Failure(400, `${name} must be a number between -${limit} and ${limit}`);
  }
  return value;
}

/** POST requests: the api_key must resolve to a key that may report cases. */
export async function createOpen311Request(
  ctx: AppContext,
  fields: FormFields,
): Promise<Open311RequestCreated> {
  const secret = single(fields, 'api_key');
  const principal = secret ? await resolveApiKey(ctx.db, secret) : null;
  if (!principal || !can(principal, CASES_REPORT)) {
    throw new Open311Failure(403, 'api_key is missing, unknown or not allowed to file requests');
  }
  const serviceCode = single(fields, 'service_code');
  if (!serviceCode) throw new Open311Failure(400, 'service_code is required');
  const category = await findActiveCategory(ctx.db, serviceCode);

  const latText = single(fields, 'lat');
  const longText = single(fields, 'long');
  const address = single(fields, 'address_string');
  const addressId = single(fields, 'address_id');
  const componentId = single(fields, 'attribute[component_id]');
  if ((latText === undefined) !== (longText === undefined)) {
    throw new Open311Failure(400, 'lat and long go together');
  }
  if (latText === undefined && !address && !addressId) {
    throw new Open311Failure(400, 'one of lat+long, address_string or address_id is required');
  }
  // We have no geocoder: a report without a point must name a component, whose position we know.
  if (latText === undefined && !componentId) {
    throw new Open311Failure(
      400,
      'address_string and address_id cannot be located here: send lat and long as well',
    );
  }
  const description = single(fields, 'description');
  if (description && description.length > MAX_DESCRIPTION) {
    throw new Open311Failure(400, `description is longer than ${MAX_DESCRIPTION} characters`);
  }
  const urgency = single(fields, 'attribute[urgency]');
  if (urgency !== undefined && !urgencyValues.some((v) => v.key === urgency)) {
    throw new Open311Failure(400, 'attribute[urgency] must be normal, pressing or urgent');
  }
  if (address && address.length > 200) {
    throw new Open311Failure(400, 'address_string is longer than 200 characters');
  }

  const body: CreateCaseBody = {
    categoryCode: category.code,
    description: description ?? category.nameZh,
    ...(latText !== undefined && {
      location: {
        lat: parseCoordinate(latText, 'lat', 90),
        lon: parseCoordinate(longText!, 'long', 180),
      },
    }),
    ...(address && { address }),
    ...(componentId && { componentId }),
    ...(urgency && { urgency: urgency as Urgency }),
  };
  try {
    const { case: filed } = await reportCase(ctx, principal, body, { channel: 'open311' });
    return { service_request_id: filed.caseNumber, service_notice: '', account_id: null };
  } catch (err) {
    // Open311 clients cannot answer the "same problem nearby" question: join the nearest one.
    const candidates = err instanceof AppError ? err.details?.['candidates'] : undefined;
    if (!Array.isArray(candidates) || !candidates.length) throw err;
    const nearest = candidates[0] as { id: number };
    const { case: joined } = await reportCase(
      ctx,
      principal,
      { ...body, joinCaseId: nearest.id },
      { channel: 'open311' },
    );
    return {
      service_request_id: joined.caseNumber,
      service_notice: 'The same problem was already reported nearby; this report joined it',
      account_id: null,
    };
  }
}

// FixMyStreet's extended statuses for our workflow states.
const extendedStatusOf: Record<string, string> = {
  reported: 'open',
  filed: 'investigating',
  handling: 'in_progress',
  extended: 'action_scheduled',
  handled: 'in_progress',
  verified: 'fixed',
  closed: 'closed',
  evaluated: 'closed',
  declined: 'not_responsible',
  merged: 'duplicate',
};

const closedStates: readonly string[] = [...endStates, 'closed'];

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

function parseDate(text: string, name: string): Date {
  // ISO 8601 with a date at least; a zone-less time is read as UTC by Date.parse for dates only.
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    throw new Open311Failure(400, `${name} must be an ISO 8601 date-time`);
  }
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new Open311Failure(400, `${name} is not a valid date`);
  return at;
}

function parsePositive(text: string | undefined, name: string, fallback: number, max: number) {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw new Open311Failure(400, `${name} must be a whole number from 1 to ${max}`);
  }
  return Number(text);
}

const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

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

function baseRequests(db: Db) {
  return (
    selectCases(db)
      .leftJoin('departments as d', 'd.id', 'c.department_id')
      // Staff-only classes (cameras) stay off the public list.
      .where((eb) =>
        eb.or([eb('cat.is_restricted', 'is', null), eb('cat.is_restricted', '=', false)]),
      )
  );
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
  const isClosed = row.closed_at !== null || closedStates.includes(row.state);
  return {
    service_request_id: row.case_number,
    status: isExtended
      ? (extendedStatusOf[row.state] ?? (isClosed ? 'closed' : 'open'))
      : isClosed
        ? 'closed'
        : 'open',
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

const closedCondition = sql<SqlBool>`(i.closed_at IS NOT NULL OR i.state IN (${sql.join(closedStates)}))`;

/** GET requests: service_request_id overrides every other filter. */
export async function listOpen311Requests(
  db: Db,
  query: RequestsQuery,
  now = new Date(),
): Promise<Open311ServiceRequest[]> {
  const isExtended = query.extensions === 'true';
  const pageSize = parsePositive(query.page_size, 'page_size', MAX_RESULTS, MAX_RESULTS);
  const page = parsePositive(query.page, 'page', 1, 100_000);
  let q = baseRequests(db).select(requestColumns);
  if (query.service_request_id !== undefined) {
    const ids = splitList(query.service_request_id);
    if (!ids.length) throw new Open311Failure(400, 'service_request_id is empty');
    if (ids.length > MAX_RESULTS) {
      throw new Open311Failure(400, `at most ${MAX_RESULTS} service_request_id values`);
    }
    q = q.where('c.case_number', 'in', ids);
  } else {
    const end = query.end_date ? parseDate(query.end_date, 'end_date') : undefined;
    const start = query.start_date ? parseDate(query.start_date, 'start_date') : undefined;
    const to = end ?? (start ? new Date(start.getTime() + MAX_WINDOW_DAYS * DAY_MS) : now);
    const from = start ?? new Date(to.getTime() - MAX_WINDOW_DAYS * DAY_MS);
    if (from > to) throw new Open311Failure(400, 'start_date is after end_date');
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
      throw new Open311Failure(
        400,
        `start_date to end_date spans more than ${MAX_WINDOW_DAYS} days`,
      );
    }
    q = q.where('c.created_at', '>=', from).where('c.created_at', '<=', to);
    if (query.service_code !== undefined) {
      const codes = splitList(query.service_code);
      if (!codes.length) throw new Open311Failure(400, 'service_code is empty');
      q = q.where('c.category_code', 'in', codes);
    }
    if (query.status !== undefined) {
      const statuses = splitList(query.status);
      if (!statuses.length || statuses.some((s) => s !== 'open' && s !== 'closed')) {
        throw new Open311Failure(400, 'status must be open or closed');
      }
      if (statuses.length === 1) {
        q = q.where(
          statuses[0] === 'closed' ? closedCondition : sql<SqlBool>`NOT ${closedCondition}`,
        );
      }
    }
  }
  const rows = await q
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return rows.map((r) => toRequest(r, isExtended));
}

/** GET requests/{id}: a one-item list, 404 when unknown. */
export async function findOpen311Request(
  db: Db,
  id: string,
  isExtended: boolean,
): Promise<Open311ServiceRequest[]> {
  const row = await baseRequests(db)
    .select(requestColumns)
    .where('c.case_number', '=', id)
    .executeTakeFirst();
  if (!row) throw new Open311Failure(404, `service_request_id ${id} not found`);
  return [toRequest(row, isExtended)];
}
