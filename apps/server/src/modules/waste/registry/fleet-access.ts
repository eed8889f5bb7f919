// Who manages a company's fleet: staff in the company's region, or the company's own accounts.
import type { Principal } from '../../../platform/auth/principal.ts';
import type { Db } from '../../../platform/db/database.ts';
import { forbidden, invalid } from '../../../platform/errors.ts';
import { accessOf, actsFor, isInRegions } from '../party-access.ts';
import { WASTE_FLEET_MANAGE } from '../waste-permissions.ts';

export interface FleetCompany {
  id: number;
  region_code: string;
  status: 'active' | 'suspended' | 'revoked';
}

/** The company (400 if unknown) when the caller may manage its fleet (403 otherwise). */
export async function requireFleetManager(
  db: Db,
  principal: Principal,
  companyId: number,
  field = 'companyId',
): Promise<FleetCompany> {
  const company = await db
    .selectFrom('waste_companies')
    .select(['id', 'region_code', 'status'])
    .where('id', '=', companyId)
    .executeTakeFirst();
  if (!company) throw invalid(field, `transport company ${companyId} is not registered`);
  const access = await accessOf(db, principal, WASTE_FLEET_MANAGE);
  const isStaff = isInRegions(access.staffPrefixes, company.region_code);
  // A driver's account acts for the company but does not manage its fleet.
  const isOffice =
    actsFor(access, 'company', company.id) &&
    (access.driverId === null || (await isCompanyMember(db, principal, company.id)));
  if (!isStaff && !isOffice) {
    throw forbidden(`You may not manage the fleet of transport company ${companyId}`);
  }
  return company;
}

async function isCompanyMember(db: Db, principal: Principal, companyId: number) {
  const row = await db
    .selectFrom('waste_party_members')
    .select('user_id')
    .where('user_id', '=', principal.userId ?? -1)
    .where('party_kind', '=', 'company')
    .where('party_id', '=', companyId)
    .executeTakeFirst();
  return row !== undefined;
}
