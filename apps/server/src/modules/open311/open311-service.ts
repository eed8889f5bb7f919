// Open311 GeoReport v2 over the case loop: categories are services, reports go in through
// reportCase (service_request_id is the case number). Reading requests: open311-requests.ts.
import type {
  CategoryView,
  CreateCaseBody,
  Open311Attribute,
  Open311RequestCreated,
  Open311Service,
  Open311ServiceDefinition,
  Urgency,
} from '@citygov/contracts';
import type { AppContext } from '../../platform/http/context.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { can } from '../../platform/auth/principal.ts';
import { resolveApiKey } from '../../platform/auth/sessions.ts';
import { CASES_REPORT, getCachedCategory, listCategories, reportCase } from '../cases/index.ts';
import { MAX_DESCRIPTION, Open311Failure, single, type FormFields } from './open311-params.ts';
import { newToken } from './open311-tokens.ts';

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

/** An active class (as this process last read the classification: see getCachedCategory). */
async function findActiveCategory(db: Db, code: string): Promise<CategoryView> {
  try {
    const category = await getCachedCategory(db, code);
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
  const apiKeyId = principal.apiKey?.id ?? null;
  const answer = (caseNumber: string, token: string, notice: string) => ({
    service_request_id: caseNumber,
    token,
    service_notice: notice,
    account_id: null,
  });
  // Stored with the case: a new case's intake statement, or the transaction that joins one.
  const open311Token = { token: newToken(), apiKeyId };
  try {
    const { case: filed } = await reportCase(ctx, principal, body, {
      channel: 'open311',
      open311Token,
    });
    return answer(filed.caseNumber, open311Token.token, '');
  } catch (err) {
    // Open311 clients cannot answer the "same problem nearby" question: join the nearest one.
    const candidates = err instanceof AppError ? err.details?.['candidates'] : undefined;
    if (!Array.isArray(candidates) || !candidates.length) throw err;
    const nearest = candidates[0] as { id: number };
    const { case: joined } = await reportCase(
      ctx,
      principal,
      { ...body, joinCaseId: nearest.id },
      { channel: 'open311', open311Token },
    );
    return answer(
      joined.caseNumber,
      open311Token.token,
      'The same problem was already reported nearby; this report joined it',
    );
  }
}
