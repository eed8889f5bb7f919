// Electronic licences: issue (signed), list mine, read, verify publicly, revoke, and record
// their reuse in place of a material (免提交).
import { sql } from 'kysely';
import type { LicenceVerification, LicenceView } from '@citygov/contracts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { appendAudit, type Actor } from '../../platform/audit/ledger.ts';
import { actorOf, can, type Principal } from '../../platform/auth/principal.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import {
  isLicenceSignatureValid,
  signLicence,
  type SignedLicenceFields,
} from './licence-signature.ts';
import type { LicenceTables } from './licence-tables.ts';
import { signingKeyFor } from './signing-key.ts';

export const LICENCE_SUBJECT = 'licence';
export const READ_LICENCES = 'licences:read';
export const REVOKE_LICENCES = 'licences:revoke';

type KeyConfig = Pick<Config, 'dataDir' | 'isDemo' | 'nodeEnv' | 'host' | 'port'>;

const licencesDb = (db: Db) => db.withTables<LicenceTables>();

/** Today's date in the city (YYYY-MM-DD). */
// Built once: a formatter costs far more to make than to use, and this runs per licence read.
const cityDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });
export const cityDate = (at = new Date()) => cityDay.format(at);

function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // The day before the anniversary (a licence valid 5 years from 2026-03-01 ends 2031-02-28).
  const end = new Date(Date.UTC(y + years, m - 1, d) - 86_400_000);
  return end.toISOString().slice(0, 10);
}

// The QR code leads to the web app's public verification page (a phone camera opens a page a
// person can read); that page shows the answer of GET /api/licences/verify/:number.
function verifyUrlOf(config: KeyConfig, number: string): string {
  const base =
    process.env.CITYGOV_PUBLIC_URL?.replace(/\/+$/, '') ?? `http://${config.host}:${config.port}`;
  return `${base}/verify/${encodeURIComponent(number)}`;
}

function selectLicences(db: Db) {
  return licencesDb(db)
    .selectFrom('licences')
    .select([
      'id',
      'number',
      'region_code',
      'licence_type',
      'name',
      'holder_kind',
      'holder_person_id',
      'holder_enterprise_id',
      'holder_name',
      'holder_id_hint',
      'issuing_department_id',
      'issuing_agency',
      'key_id',
      'signature',
      'status',
      'revoked_at',
      'revocation_reason',
      // Dates as text: a date read into a JavaScript Date shifts with the process's zone.
      sql<string>`issue_date::text`.as('issue_date'),
      sql<string | null>`valid_until::text`.as('valid_until'),
    ]);
}
type LicenceRow = Awaited<ReturnType<ReturnType<typeof selectLicences>['executeTakeFirstOrThrow']>>;

const isExpired = (row: Pick<LicenceRow, 'valid_until'>, today = cityDate()) =>
  row.valid_until !== null && row.valid_until < today;

const statusOf = (row: LicenceRow) =>
  row.status === 'revoked' ? 'revoked' : isExpired(row) ? 'expired' : 'valid';

const signedFieldsOf = (row: LicenceRow): SignedLicenceFields => ({
  number: row.number,
  licenceType: row.licence_type,
  name: row.name,
  holderKind: row.holder_kind,
  holderName: row.holder_name,
  holderIdHint: row.holder_id_hint,
  issuingAgency: row.issuing_agency,
  regionCode: row.region_code,
  issueDate: row.issue_date,
  validUntil: row.valid_until,
  keyId: row.key_id,
});

function viewOf(config: KeyConfig, row: LicenceRow): LicenceView {
  return {
    number: row.number,
    licenceType: row.licence_type,
    name: row.name,
    holderKind: row.holder_kind,
    holderName: row.holder_name,
    holderIdHint: row.holder_id_hint,
    issuingDepartmentId: row.issuing_department_id,
    issuingAgency: row.issuing_agency,
    regionCode: row.region_code,
    issueDate: row.issue_date,
    validUntil: row.valid_until,
    status: statusOf(row),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revocationReason: row.revocation_reason,
    keyId: row.key_id,
    signature: row.signature,
    qrPayload: verifyUrlOf(config, row.number),
  };
}

export interface LicenceHolder {
  kind: 'person' | 'enterprise';
  personId: number | null;
  enterpriseId: number | null;
  name: string;
  /** Masked identifier, as shown to the holder and staff. */
  idHint: string;
}

export interface IssueLicenceInput {
  licenceType: string;
  name: string;
  holder: LicenceHolder;
  departmentId: number;
  regionCode: string;
  /** Default: five years from the issue date. */
  validUntil?: string | null;
  source: { type: string; id: string | number };
  actor: Actor;
  now?: Date;
}

/** Issues and signs a licence (in the caller's transaction); audited. */
export async function issueLicence(
  trx: Db,
  config: KeyConfig,
  input: IssueLicenceInput,
): Promise<LicenceView> {
  const key = signingKeyFor(config);
  const department = await trx
    .selectFrom('departments')
    .select('name')
    .where('id', '=', input.departmentId)
    .executeTakeFirstOrThrow();
  const { seq } = await sql<{ seq: number }>`SELECT nextval('licence_number_seq')::int AS seq`
    .execute(trx)
    .then((r) => r.rows[0]!);
  const issueDate = cityDate(input.now);
  const number = `${input.regionCode}-${issueDate.slice(0, 4)}-${String(seq).padStart(8, '0')}`;
  const validUntil = input.validUntil === undefined ? addYears(issueDate, 5) : input.validUntil;
  const fields: SignedLicenceFields = {
    number,
    licenceType: input.licenceType,
    name: input.name,
    holderKind: input.holder.kind,
    holderName: input.holder.name,
    holderIdHint: input.holder.idHint,
    issuingAgency: department.name,
    regionCode: input.regionCode,
    issueDate,
    validUntil,
    keyId: key.keyId,
  };
  await licencesDb(trx)
    .insertInto('licences')
    .values({
      number,
      region_code: input.regionCode,
      licence_type: input.licenceType,
      name: input.name,
      holder_kind: input.holder.kind,
      holder_person_id: input.holder.personId,
      holder_enterprise_id: input.holder.enterpriseId,
      holder_name: input.holder.name,
      holder_id_hint: input.holder.idHint,
      issuing_department_id: input.departmentId,
      issuing_agency: department.name,
      issue_date: issueDate,
      valid_until: validUntil,
      source_type: input.source.type,
      source_id: String(input.source.id),
      key_id: key.keyId,
      signature: signLicence(fields, key.privateKey),
    })
    .execute();
  await appendAudit(trx, {
    actor: input.actor,
    action: 'licence.issue',
    subjectType: LICENCE_SUBJECT,
    subjectId: number,
    regionCode: input.regionCode,
    departmentId: input.departmentId,
    personId: input.holder.personId,
    data: {
      licenceType: input.licenceType,
      source: input.source,
      validUntil,
      keyId: key.keyId,
    },
  });
  const row = await selectLicences(trx).where('number', '=', number).executeTakeFirstOrThrow();
  return viewOf(config, row);
}

export interface UsableLicence {
  id: number;
  number: string;
  licenceType: string;
}

function holderFilter(holder: Pick<LicenceHolder, 'personId' | 'enterpriseId'>) {
  return holder.personId !== null
    ? { column: 'holder_person_id' as const, id: holder.personId }
    : { column: 'holder_enterprise_id' as const, id: holder.enterpriseId ?? -1 };
}

/** The holder's valid (not revoked, not expired) licences of the given types, newest first. */
export async function findUsableLicences(
  db: Db,
  holder: Pick<LicenceHolder, 'personId' | 'enterpriseId'>,
  types: readonly string[],
): Promise<UsableLicence[]> {
  if (types.length === 0) return [];
  const { column, id } = holderFilter(holder);
  const rows = await licencesDb(db)
    .selectFrom('licences')
    .select(['id', 'number', 'licence_type'])
    .where(column, '=', id)
    .where('licence_type', 'in', [...types])
    .where('status', '=', 'valid')
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', cityDate())]))
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ id: r.id, number: r.number, licenceType: r.licence_type }));
}

/** The holder's usable licence with this number, or undefined (unknown, another's, not valid). */
export async function findUsableLicence(
  db: Db,
  holder: Pick<LicenceHolder, 'personId' | 'enterpriseId'>,
  number: string,
): Promise<UsableLicence | undefined> {
  const { column, id } = holderFilter(holder);
  const row = await selectLicences(db)
    .where('number', '=', number)
    .where(column, '=', id)
    .executeTakeFirst();
  if (!row || statusOf(row) !== 'valid') return undefined;
  return { id: row.id, number: row.number, licenceType: row.licence_type };
}

export interface LicenceUseInput {
  licence: UsableLicence;
  subjectType: string;
  subjectId: string | number;
  regionCode: string;
  departmentId?: number | null;
  purpose: string;
  actor: Actor;
  personId?: number | null;
}

/** Records that a licence was used in place of a material (免提交); audited. */
export async function recordLicenceUse(trx: Db, input: LicenceUseInput): Promise<void> {
  const actor = `${input.actor.kind}:${input.actor.id ?? input.actor.name}`;
  await licencesDb(trx)
    .insertInto('licence_uses')
    .values({
      licence_id: input.licence.id,
      region_code: input.regionCode,
      subject_type: input.subjectType,
      subject_id: String(input.subjectId),
      purpose: input.purpose,
      actor,
    })
    .execute();
  await appendAudit(trx, {
    actor: input.actor,
    action: 'licence.use',
    subjectType: LICENCE_SUBJECT,
    subjectId: input.licence.number,
    regionCode: input.regionCode,
    departmentId: input.departmentId ?? null,
    personId: input.personId ?? null,
    purpose: input.purpose,
    data: { usedBy: { type: input.subjectType, id: String(input.subjectId) } },
  });
}

const isHolder = (principal: Principal, row: LicenceRow) =>
  principal.kind === 'user' &&
  ((row.holder_person_id !== null && row.holder_person_id === principal.personId) ||
    (row.holder_enterprise_id !== null && row.holder_enterprise_id === principal.enterpriseId));

const scopeOf = (row: LicenceRow) => ({
  regionCode: row.region_code,
  departmentId: row.issuing_department_id,
});

/** The caller's own licences (as a person or as an enterprise). */
export async function listMyLicences(
  db: Db,
  config: KeyConfig,
  principal: Principal,
): Promise<LicenceView[]> {
  if (principal.personId === null && principal.enterpriseId === null) return [];
  const rows = await selectLicences(db)
    .where((eb) =>
      eb.or([
        eb('holder_person_id', '=', principal.personId ?? -1),
        eb('holder_enterprise_id', '=', principal.enterpriseId ?? -1),
      ]),
    )
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => viewOf(config, r));
}

/** One licence, for its holder or staff who may read licences in its scope; 404 otherwise. */
export async function getLicence(
  db: Db,
  config: KeyConfig,
  principal: Principal,
  number: string,
): Promise<LicenceView> {
  const row = await selectLicences(db).where('number', '=', number).executeTakeFirst();
  if (!row || !(isHolder(principal, row) || can(principal, READ_LICENCES, scopeOf(row)))) {
    throw notFound('Licence', number);
  }
  return viewOf(config, row);
}

/** The public check: status and signature, with no personal data. */
export async function verifyLicence(
  db: Db,
  config: KeyConfig,
  number: string,
  now = new Date(),
): Promise<LicenceVerification> {
  const row = await selectLicences(db).where('number', '=', number).executeTakeFirst();
  const checkedAt = now.toISOString();
  if (!row) {
    return {
      number,
      result: 'unknown',
      isSignatureValid: false,
      licenceType: null,
      name: null,
      issuingAgency: null,
      issueDate: null,
      validUntil: null,
      revokedAt: null,
      checkedAt,
    };
  }
  const key = signingKeyFor(config);
  // A licence signed with another key (an earlier one) cannot be checked here: not valid.
  const isSignatureValid =
    row.key_id === key.keyId &&
    isLicenceSignatureValid(signedFieldsOf(row), row.signature, key.publicKey);
  const status = statusOf(row);
  return {
    number,
    result: isSignatureValid ? status : 'invalid',
    isSignatureValid,
    licenceType: row.licence_type,
    name: row.name,
    issuingAgency: row.issuing_agency,
    issueDate: row.issue_date,
    validUntil: row.valid_until,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    checkedAt,
  };
}

/** Revokes a licence: the issuing department's approver, with a reason; audited. */
export async function revokeLicence(
  db: Db,
  config: KeyConfig,
  principal: Principal,
  number: string,
  reason: string,
): Promise<LicenceView> {
  return inTransaction(db, async (trx) => {
    const row = await selectLicences(trx)
      .where('number', '=', number)
      .forUpdate()
      .executeTakeFirst();
    if (!row || !(isHolder(principal, row) || can(principal, READ_LICENCES, scopeOf(row)))) {
      throw notFound('Licence', number);
    }
    if (!can(principal, REVOKE_LICENCES, scopeOf(row))) {
      throw new AppError('forbidden', 'Only an approver of the issuing department may revoke it', {
        permission: REVOKE_LICENCES,
      });
    }
    if (row.status === 'revoked') {
      throw new AppError('state_conflict', `Licence ${number} is already revoked`, {
        state: 'revoked',
      });
    }
    const text = reason.trim();
    if (!text)
      throw new AppError('validation_failed', 'reason must not be blank', { field: 'reason' });
    const actor = actorOf(principal);
    const now = new Date();
    await licencesDb(trx)
      .updateTable('licences')
      .set({
        status: 'revoked',
        revoked_at: now,
        revoked_by: principal.userId,
        revocation_reason: text,
      })
      .where('id', '=', row.id)
      .execute();
    await appendAudit(trx, {
      actor,
      action: 'licence.revoke',
      subjectType: LICENCE_SUBJECT,
      subjectId: number,
      regionCode: row.region_code,
      departmentId: row.issuing_department_id,
      personId: row.holder_person_id,
      data: { reason: text },
    });
    return viewOf(config, { ...row, status: 'revoked', revoked_at: now, revocation_reason: text });
  });
}

/** The public key verifiers check signatures with. */
export function publicKeyOf(config: KeyConfig) {
  const key = signingKeyFor(config);
  return { keyId: key.keyId, publicKeyPem: key.publicKeyPem };
}
