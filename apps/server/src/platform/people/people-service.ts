// Persons: registration, scoped lookup (masked), audited reveal, and "who used my data".
import type {
  DataUse,
  DataUseQuery,
  PersonSearchQuery,
  PersonView,
  RegisterPersonBody,
  RevealedPersonalData,
} from '@citygov/contracts';
import { sql, type Selectable } from 'kysely';
import type { AppContext } from '../http/context.ts';
import type { Principal } from '../auth/principal.ts';
import type { PersonsTable } from '../db/core-tables.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { appendAudit } from '../audit/ledger.ts';
import { AppError, forbidden, invalid, notFound } from '../errors.ts';
import { likePrefix } from '../org/org-service.ts';
import { regionPrefix } from '../auth/region.ts';
import {
  checkPersonName,
  checkPhone,
  checkResidentId,
  encryptPerson,
  type PersonInput,
} from './personal-identity.ts';
import { actingGrant, auditActor, prefixesFor, withinPrefixes } from './scope.ts';

type PersonRow = Selectable<PersonsTable> & {
  region_name?: string | null;
  birth_day?: string | null;
};

export const toPersonView = (row: PersonRow): PersonView => ({
  id: row.id,
  name: row.name,
  regionCode: row.region_code,
  regionName: row.region_name ?? null,
  idNumberMasked: row.id_number_hint,
  phoneMasked: row.phone_hint,
  gender: row.gender,
  birthDate: row.birth_day ?? null,
  address: row.address,
  createdAt: row.created_at.toISOString(),
});

/** Checks that a region code names a division of the city. */
export async function checkRegion(db: Db, code: string, field = 'regionCode') {
  const division = await db
    .selectFrom('divisions')
    .select('code')
    .where('code', '=', code)
    .executeTakeFirst();
  if (!division) throw invalid(field, `${field} ${code} is not a division of the city`);
}

/** Validates and normalizes a person's real-name data. */
export function checkPersonInput(body: {
  name: string;
  idNumber: string;
  phone?: string | undefined;
  regionCode: string;
  address?: string | undefined;
}): PersonInput {
  return {
    name: checkPersonName(body.name),
    idNumber: checkResidentId(body.idNumber),
    phone: body.phone === undefined ? null : checkPhone(body.phone),
    regionCode: body.regionCode,
    address: body.address?.trim() || null,
  };
}

/** Inserts a person (identifiers encrypted); 409 when the ID number is already registered. */
export async function insertPerson(ctx: AppContext, trx: Db, input: PersonInput): Promise<number> {
  const row = await trx
    .insertInto('persons')
    .values(encryptPerson(ctx.cipher, input))
    .onConflict((oc) => oc.column('id_number_hash').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError('conflict', 'A person with this ID number is already registered');
  return row.id;
}

/** Registers a person in a region where the caller holds 'people:register'. */
export async function registerPerson(
  ctx: AppContext,
  principal: Principal,
  body: RegisterPersonBody,
): Promise<PersonView> {
  const grant = actingGrant(principal, 'people:register', body.regionCode);
  if (!grant) throw forbidden('You cannot register residents in this region');
  const input = checkPersonInput(body);
  await checkRegion(ctx.db, input.regionCode);
  const id = await inTransaction(ctx.db, async (trx) => {
    const personId = await insertPerson(ctx, trx, input);
    const who = auditActor(principal, grant);
    await appendAudit(trx, {
      actor: who.actor,
      action: 'people.register',
      subjectType: 'person',
      subjectId: personId,
      regionCode: input.regionCode,
      departmentId: who.departmentId,
      personId,
      data: { role: who.role },
    });
    return personId;
  });
  return loadPersonView(ctx.db, id);
}

function personQuery(db: Db) {
  return (
    db
      .selectFrom('persons as p')
      .leftJoin('divisions as v', 'v.code', 'p.region_code')
      .selectAll('p')
      .select('v.name as region_name')
      // As text: drivers turn a date into a Date at local midnight, which shifts with the zone.
      .select(sql<string | null>`to_char(p.birth_date, 'YYYY-MM-DD')`.as('birth_day'))
  );
}

async function loadPersonView(db: Db, id: number): Promise<PersonView> {
  const row = await personQuery(db).where('p.id', '=', id).executeTakeFirstOrThrow();
  return toPersonView(row);
}

/** A person within the caller's 'people:read' scope; 404 otherwise (existence is not leaked). */
async function findScopedPerson(db: Db, principal: Principal, id: number) {
  const prefixes = prefixesFor(principal, 'people:read');
  const row = await personQuery(db)
    .where('p.id', '=', id)
    .where((eb) => withinPrefixes(eb, 'p.region_code', prefixes))
    .executeTakeFirst();
  if (!row) throw notFound('person', id);
  return row;
}

/** Writes one audit entry per person read (the person sees it in their data-use log). */
async function auditReads(
  db: Db,
  principal: Principal,
  rows: PersonRow[],
  action: string,
  data: Record<string, unknown>,
) {
  if (rows.length === 0) return;
  await inTransaction(db, async (trx) => {
    for (const row of rows) {
      const who = auditActor(principal, actingGrant(principal, 'people:read', row.region_code));
      await appendAudit(trx, {
        actor: who.actor,
        action,
        subjectType: 'person',
        subjectId: row.id,
        regionCode: row.region_code,
        departmentId: who.departmentId,
        personId: row.id,
        data: { ...data, role: who.role },
      });
    }
  });
}

/** One person, masked; the read is audited. */
export async function getPerson(
  ctx: AppContext,
  principal: Principal,
  id: number,
): Promise<PersonView> {
  const row = await findScopedPerson(ctx.db, principal, id);
  await auditReads(ctx.db, principal, [row], 'people.view', {});
  return toPersonView(row);
}

/**
 * Searches persons within the caller's regions: by ID number or phone (blind index; exact, 404
 * when none is in scope, audited), or by region and name (masked list).
 */
export async function searchPeople(
  ctx: AppContext,
  principal: Principal,
  query: PersonSearchQuery,
): Promise<PersonView[]> {
  const prefixes = prefixesFor(principal, 'people:read');
  let q = personQuery(ctx.db).where((eb) => withinPrefixes(eb, 'p.region_code', prefixes));
  const isExact = query.idNumber !== undefined || query.phone !== undefined;
  if (query.idNumber !== undefined) {
    q = q.where('p.id_number_hash', '=', ctx.cipher.blindIndex(checkResidentId(query.idNumber)));
  }
  if (query.phone !== undefined) {
    q = q.where('p.phone_hash', '=', ctx.cipher.blindIndex(checkPhone(query.phone)));
  }
  if (query.region) q = q.where('p.region_code', 'like', `${regionPrefix(query.region)}%`);
  // A name matches from its start (a surname, or the whole name), which the index serves.
  if (query.name) q = q.where('p.name', 'like', likePrefix(query.name));
  const rows = await q
    .orderBy('p.id')
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0)
    .execute();
  if (isExact && rows.length === 0) {
    throw new AppError('not_found', 'No person with this identifier');
  }
  // Every person a search shows is a read of their data: it goes in their data-use log.
  const by = query.idNumber ? 'idNumber' : query.phone ? 'phone' : query.name ? 'name' : 'region';
  await auditReads(ctx.db, principal, rows, 'people.search', { by });
  return rows.map(toPersonView);
}

/**
 * The clear ID number and phone, for a caller holding 'people:read-pii' in the person's region,
 * with a purpose; the reveal is audited (person, purpose, department, role).
 */
export async function revealPerson(
  ctx: AppContext,
  principal: Principal,
  id: number,
  purpose: string,
): Promise<RevealedPersonalData> {
  const row = await findScopedPerson(ctx.db, principal, id);
  const grant = actingGrant(principal, 'people:read-pii', row.region_code);
  if (!grant) throw forbidden('You may not see the personal data of residents of this region');
  const reason = purpose.trim();
  if (reason.length < 4) throw invalid('purpose', 'purpose must say why the data is needed');
  const who = auditActor(principal, grant);
  await inTransaction(ctx.db, (trx) =>
    appendAudit(trx, {
      actor: who.actor,
      action: 'people.reveal',
      subjectType: 'person',
      subjectId: row.id,
      regionCode: row.region_code,
      departmentId: who.departmentId,
      personId: row.id,
      purpose: reason,
      data: { fields: row.phone_enc ? ['idNumber', 'phone'] : ['idNumber'], role: who.role },
    }),
  );
  return {
    personId: row.id,
    name: row.name,
    idNumber: ctx.cipher.decrypt(row.id_number_enc),
    phone: row.phone_enc ? ctx.cipher.decrypt(row.phone_enc) : null,
    purpose: reason,
  };
}

/** The caller's own person record (masked; reading yourself is not a data use). */
export async function getOwnPerson(ctx: AppContext, principal: Principal): Promise<PersonView> {
  if (principal.personId === null)
    throw new AppError('not_found', 'Your account has no person record');
  return loadPersonView(ctx.db, principal.personId);
}

/** Every audited use of the caller's personal data, newest first ("who used my data"). */
export async function listDataUses(
  ctx: AppContext,
  principal: Principal,
  query: DataUseQuery,
): Promise<DataUse[]> {
  if (principal.personId === null) return [];
  let q = ctx.db
    .selectFrom('audit_log as a')
    .leftJoin('departments as d', 'd.id', 'a.department_id')
    .select([
      'a.at',
      'a.action',
      'a.purpose',
      'a.actor_kind',
      'a.region_code',
      'a.data',
      'd.name as department',
    ])
    .where('a.person_id', '=', principal.personId);
  if (query.before) q = q.where('a.at', '<', new Date(query.before));
  const rows = await q
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(query.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    at: r.at.toISOString(),
    action: r.action,
    purpose: r.purpose,
    department: r.department,
    role: typeof r.data?.role === 'string' ? r.data.role : null,
    actorKind: r.actor_kind,
    regionCode: r.region_code,
  }));
}
