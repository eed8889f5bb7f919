// Who sees a manifest and which organisation signs each step. Staff see the manifests of their
// regions; an account acting for an organisation sees the manifests naming it (the construction
// site, the transport company, the designated, alternate or receiving disposal site).
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Principal } from '../../../platform/auth/principal.ts';
import type { Db } from '../../../platform/db/database.ts';
import { forbidden } from '../../../platform/errors.ts';
import { accessOf, actsFor, isInRegions, type WasteAccess } from '../party-access.ts';
import { regionSql } from '../registry/registry-scope.ts';
import {
  WASTE_APPROVALS_MANAGE,
  WASTE_MANIFESTS_SIGN,
  WASTE_MANIFESTS_WRITE,
  WASTE_READ,
} from '../waste-permissions.ts';

export interface ManifestParties {
  region_code: string;
  construction_site_id: number;
  company_id: number;
  driver_id: number;
  disposal_site_id: number;
  alternate_site_id: number | null;
  destination_site_id: number | null;
  received_site_id: number | null;
}

const idList = (ids: readonly number[]) => sql.join(ids.length ? ids : [-1]);

/** A WHERE over waste_manifests as `m` for the manifests the access reaches. */
export function manifestsVisibleTo(access: WasteAccess): RawBuilder<SqlBool> {
  const disposal = idList(access.disposalSiteIds);
  return sql<SqlBool>`(${regionSql('m.region_code', access.staffPrefixes)}
    or m.construction_site_id in (${idList(access.constructionSiteIds)})
    or m.company_id in (${idList(access.companyIds)})
    or m.disposal_site_id in (${disposal})
    or m.alternate_site_id in (${disposal})
    or m.received_site_id in (${disposal}))`;
}

export function canSeeManifest(access: WasteAccess, m: ManifestParties): boolean {
  return (
    isInRegions(access.staffPrefixes, m.region_code) ||
    actsFor(access, 'construction_site', m.construction_site_id) ||
    actsFor(access, 'company', m.company_id) ||
    actsFor(access, 'disposal_site', m.disposal_site_id) ||
    actsFor(access, 'disposal_site', m.alternate_site_id) ||
    actsFor(access, 'disposal_site', m.received_site_id)
  );
}

/** The read access of a caller (for lists and views). */
export const readAccessOf = (db: Db, principal: Principal) => accessOf(db, principal, WASTE_READ);

export interface ActingAs {
  kind: 'construction_site' | 'company' | 'disposal_site' | 'officer';
  partyId: number | null;
}

/**
 * The organisation the caller acts for in `action` on this manifest, or 403. Signatures are the
 * parties' own: the site at departure and return, the transport company (the manifest's driver
 * when a driver signs) at pickup, the disposal site the load is headed for at arrival and receipt.
 */
export async function requireActingParty(
  db: Db,
  principal: Principal,
  action: string,
  m: ManifestParties,
): Promise<ActingAs> {
  const sign = await accessOf(db, principal, WASTE_MANIFESTS_SIGN);
  const write = await accessOf(db, principal, WASTE_MANIFESTS_WRITE);
  const isOfficer = isInRegions(
    (await accessOf(db, principal, WASTE_APPROVALS_MANAGE)).staffPrefixes,
    m.region_code,
  );
  const site = { kind: 'construction_site', partyId: m.construction_site_id } as const;
  const destination = { kind: 'disposal_site', partyId: m.destination_site_id } as const;
  const officer = { kind: 'officer', partyId: null } as const;
  const refuse = (who: string) => forbidden(`Only ${who} may "${action}" on this manifest`);
  switch (action) {
    case 'submit':
    case 'sign_departure':
    case 'sign_return':
      if (actsFor(sign, 'construction_site', m.construction_site_id)) return site;
      throw refuse('the construction site');
    case 'cancel':
      if (actsFor(write, 'construction_site', m.construction_site_id)) return site;
      if (isOfficer) return officer;
      throw refuse('the construction site or a waste officer of its region');
    case 'sign_pickup':
      if (!actsFor(sign, 'company', m.company_id)) throw refuse('the transport company');
      if (
        sign.driverId !== null &&
        sign.driverId !== m.driver_id &&
        !(await isCompanyOffice(db, principal, m.company_id))
      ) {
        throw forbidden(
          'Only the driver named on the manifest (or the company) may sign at pickup',
        );
      }
      return { kind: 'company', partyId: m.company_id };
    case 'arrive':
      if (actsFor(sign, 'disposal_site', m.destination_site_id)) return destination;
      if (isOfficer) return officer;
      throw refuse('the disposal site the load is headed for');
    case 'sign_receipt':
    case 'reject_to_alternate':
    case 'reject_return':
      if (actsFor(sign, 'disposal_site', m.destination_site_id)) return destination;
      throw refuse('the disposal site the load is headed for');
    default: {
      // Corrections: any party of the manifest, or a waste officer of its region.
      if (actsFor(sign, 'construction_site', m.construction_site_id)) return site;
      if (actsFor(sign, 'company', m.company_id)) return { kind: 'company', partyId: m.company_id };
      const disposalId = [m.received_site_id, m.destination_site_id, m.disposal_site_id].find(
        (id) => actsFor(sign, 'disposal_site', id),
      );
      if (disposalId) return { kind: 'disposal_site', partyId: disposalId };
      if (isOfficer) return officer;
      throw refuse('a party of the manifest or a waste officer of its region');
    }
  }
}

async function isCompanyOffice(db: Db, principal: Principal, companyId: number) {
  const row = await db
    .selectFrom('waste_party_members')
    .select('user_id')
    .where('user_id', '=', principal.userId ?? -1)
    .where('party_kind', '=', 'company')
    .where('party_id', '=', companyId)
    .executeTakeFirst();
  return row !== undefined;
}
