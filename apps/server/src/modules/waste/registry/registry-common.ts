// Shared pieces of the registry services: paging, search fragments, region checks, audit.
import { appendAudit } from '../../../platform/audit/ledger.ts';
import { actorOf, type Principal } from '../../../platform/auth/principal.ts';
import type { Db } from '../../../platform/db/database.ts';
import { forbidden, invalid } from '../../../platform/errors.ts';
import { isStaffIn } from '../party-access.ts';

export interface Paging {
  page: number;
  pageSize: number;
  offset: number;
}

export function pagingOf(query: { page?: number; pageSize?: number }, defaultSize = 50): Paging {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? defaultSize;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** A LIKE pattern matching `text` anywhere, with the wildcards in it escaped. */
export const fragmentOf = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** 400 unless `regionCode` names a known division. */
export async function checkRegion(db: Db, regionCode: string, field = 'regionCode') {
  const division = await db
    .selectFrom('divisions')
    .select('code')
    .where('code', '=', regionCode)
    .executeTakeFirst();
  if (!division) throw invalid(field, `${field} ${regionCode} is not a known division`);
}

/** 403 unless the caller holds `permission` as staff in `regionCode`. */
export function requireStaffIn(principal: Principal, permission: string, regionCode: string) {
  if (!isStaffIn(principal, permission, regionCode)) {
    throw forbidden(`You may not manage construction-waste records in region ${regionCode}`);
  }
}

/** One audit entry for a registry change. */
export async function auditRegistry(
  trx: Db,
  principal: Principal,
  action: string,
  subjectType: string,
  subjectId: number,
  regionCode: string,
  data: Record<string, unknown>,
) {
  await appendAudit(trx, {
    actor: actorOf(principal),
    action,
    subjectType,
    subjectId,
    regionCode,
    data,
  });
}

export const iso = (d: Date) => d.toISOString();
export const round1 = (n: number) => Math.round(n * 10) / 10;
