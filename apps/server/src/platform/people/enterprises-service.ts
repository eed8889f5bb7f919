// Enterprises: registration with a validated unified social credit code, scoped lookup.
import type {
  EnterpriseSearchQuery,
  EnterpriseView,
  RegisterEnterpriseBody,
} from '@citygov/contracts';
import type { Selectable } from 'kysely';
import type { AppContext } from '../http/context.ts';
import type { Principal } from '../auth/principal.ts';
import type { EnterprisesTable } from '../db/core-tables.ts';
import { inTransaction } from '../db/database.ts';
import { appendAudit } from '../audit/ledger.ts';
import { regionPrefix } from '../auth/region.ts';
import { AppError, forbidden, notFound } from '../errors.ts';
import { likeText } from '../org/org-service.ts';
import { checkPersonName, checkUscc } from './personal-identity.ts';
import { checkRegion } from './people-service.ts';
import { actingGrant, auditActor, prefixesFor, withinPrefixes } from './scope.ts';

const toEnterpriseView = (row: Selectable<EnterprisesTable>): EnterpriseView => ({
  id: row.id,
  name: row.name,
  uscc: row.uscc,
  legalRepresentative: row.legal_representative,
  regionCode: row.region_code,
  createdAt: row.created_at.toISOString(),
});

/** Registers an enterprise in a region where the caller holds 'people:register'. */
export async function registerEnterprise(
  ctx: AppContext,
  principal: Principal,
  body: RegisterEnterpriseBody,
): Promise<EnterpriseView> {
  const grant = actingGrant(principal, 'people:register', body.regionCode);
  if (!grant) throw forbidden('You cannot register enterprises in this region');
  const uscc = checkUscc(body.uscc);
  const legalRepresentative = checkPersonName(body.legalRepresentative, 'legalRepresentative');
  await checkRegion(ctx.db, body.regionCode);
  const row = await inTransaction(ctx.db, async (trx) => {
    const inserted = await trx
      .insertInto('enterprises')
      .values({
        region_code: body.regionCode,
        name: body.name.trim(),
        uscc,
        legal_representative: legalRepresentative,
      })
      .onConflict((oc) => oc.column('uscc').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted)
      throw new AppError('conflict', 'An enterprise with this code is already registered');
    const who = auditActor(principal, grant);
    await appendAudit(trx, {
      actor: who.actor,
      action: 'enterprises.register',
      subjectType: 'enterprise',
      subjectId: inserted.id,
      regionCode: inserted.region_code,
      departmentId: who.departmentId,
      data: { uscc, role: who.role },
    });
    return inserted;
  });
  return toEnterpriseView(row);
}

/** Enterprises within the caller's 'people:read' regions. */
export async function searchEnterprises(
  ctx: AppContext,
  principal: Principal,
  query: EnterpriseSearchQuery,
): Promise<EnterpriseView[]> {
  const prefixes = prefixesFor(principal, 'people:read');
  let q = ctx.db
    .selectFrom('enterprises')
    .selectAll()
    .where((eb) => withinPrefixes(eb, 'region_code', prefixes));
  if (query.uscc) q = q.where('uscc', '=', query.uscc.trim().toUpperCase());
  if (query.region) q = q.where('region_code', 'like', `${regionPrefix(query.region)}%`);
  if (query.q) q = q.where('name', 'like', likeText(query.q));
  const rows = await q
    .orderBy('id')
    .limit(query.limit ?? 50)
    .offset(query.offset ?? 0)
    .execute();
  return rows.map(toEnterpriseView);
}

export async function getEnterprise(
  ctx: AppContext,
  principal: Principal,
  id: number,
): Promise<EnterpriseView> {
  const prefixes = prefixesFor(principal, 'people:read');
  const isOwn = principal.enterpriseId === id;
  const row = await ctx.db
    .selectFrom('enterprises')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => (isOwn ? eb.lit(true) : withinPrefixes(eb, 'region_code', prefixes)))
    .executeTakeFirst();
  if (!row) throw notFound('enterprise', id);
  return toEnterpriseView(row);
}
