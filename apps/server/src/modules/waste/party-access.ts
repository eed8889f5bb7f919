// Who reaches which waste records. Staff reach the records of their regions (the grant's region
// prefix). Accounts of a construction site, a transport company or a disposal site hold their
// role city-wide and reach the records of the organisations they act for (waste_party_members);
// a driver's account acts for the driver's company but signs only as that driver.
import type { WastePartyKind } from '@citygov/contracts';
import { scopesFor, type Principal } from '../../platform/auth/principal.ts';
import type { Db } from '../../platform/db/database.ts';
import { PARTY_ROLES } from './waste-permissions.ts';

const isPartyRole = (role: string) => (PARTY_ROLES as readonly string[]).includes(role);

export interface WasteAccess {
  /** Region prefixes where the caller holds the permission as staff (or an API key). */
  staffPrefixes: string[];
  constructionSiteIds: number[];
  companyIds: number[];
  disposalSiteIds: number[];
  /** The driver this account is, if it is a driver's. */
  driverId: number | null;
}

const none = (): WasteAccess => ({
  staffPrefixes: [],
  constructionSiteIds: [],
  companyIds: [],
  disposalSiteIds: [],
  driverId: null,
});

/** Region prefixes where the principal holds `permission` through a staff role or API key. */
export const staffPrefixesFor = (principal: Principal, permission: string) => [
  ...new Set(
    scopesFor(principal, permission)
      .filter((s) => !isPartyRole(s.role))
      .map((s) => s.prefix),
  ),
];

/** Whether the principal holds `permission` as staff in `regionCode`. */
export const isStaffIn = (principal: Principal, permission: string, regionCode: string) =>
  staffPrefixesFor(principal, permission).some((p) => regionCode.startsWith(p));

/** Whether the principal holds `permission` through a party role. */
export const holdsPartyPermission = (principal: Principal, permission: string) =>
  scopesFor(principal, permission).some((s) => isPartyRole(s.role));

interface Memberships {
  members: Array<{ party_kind: WastePartyKind; party_id: number }>;
  driver: { id: number; company_id: number } | undefined;
}

// One request asks several times (read, sign, write); a second is what a membership change may
// take to apply, like the sessions cached for a few seconds (DR-4).
const MEMBERSHIP_CACHE_MS = 1000;
const cached = new WeakMap<Principal, { at: number; value: Promise<Memberships> }>();

function membershipsOf(db: Db, principal: Principal, userId: number): Promise<Memberships> {
  const hit = cached.get(principal);
  if (hit && performance.now() - hit.at < MEMBERSHIP_CACHE_MS) return hit.value;
  const value = Promise.all([
    db
      .selectFrom('waste_party_members')
      .select(['party_kind', 'party_id'])
      .where('user_id', '=', userId)
      .execute(),
    db
      .selectFrom('waste_drivers')
      .select(['id', 'company_id'])
      .where('user_id', '=', userId)
      .where('status', '=', 'active')
      .executeTakeFirst(),
  ]).then(([members, driver]) => ({ members, driver }));
  cached.set(principal, { at: performance.now(), value });
  value.catch(() => cached.delete(principal));
  return value;
}

/** What the principal reaches with `permission`. */
export async function accessOf(
  db: Db,
  principal: Principal,
  permission: string,
): Promise<WasteAccess> {
  const access = none();
  access.staffPrefixes = staffPrefixesFor(principal, permission);
  if (principal.userId === null || !holdsPartyPermission(principal, permission)) return access;
  const { members, driver } = await membershipsOf(db, principal, principal.userId);
  const roles = new Set(scopesFor(principal, permission).map((s) => s.role));
  for (const m of members) {
    if (m.party_kind === 'construction_site' && roles.has('waste_site')) {
      access.constructionSiteIds.push(m.party_id);
    }
    if (m.party_kind === 'company' && roles.has('waste_transport')) {
      access.companyIds.push(m.party_id);
    }
    if (m.party_kind === 'disposal_site' && roles.has('waste_disposal')) {
      access.disposalSiteIds.push(m.party_id);
    }
  }
  if (driver && roles.has('waste_transport')) {
    access.driverId = driver.id;
    if (!access.companyIds.includes(driver.company_id)) access.companyIds.push(driver.company_id);
  }
  return access;
}

export const isInRegions = (prefixes: readonly string[], regionCode: string) =>
  prefixes.some((p) => regionCode.startsWith(p));

/** Whether the access acts for this organisation. */
export function actsFor(access: WasteAccess, kind: WastePartyKind, id: number | null): boolean {
  if (id === null) return false;
  if (kind === 'construction_site') return access.constructionSiteIds.includes(id);
  if (kind === 'company') return access.companyIds.includes(id);
  return access.disposalSiteIds.includes(id);
}

export const hasAnyParty = (access: WasteAccess) =>
  access.constructionSiteIds.length + access.companyIds.length + access.disposalSiteIds.length > 0;
