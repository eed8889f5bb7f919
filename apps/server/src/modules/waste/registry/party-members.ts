// The accounts acting for a construction site, a transport company or a disposal site. City
// staff link an account (which must hold the matching party role) to its organisation.
import type { WasteMyParties, WastePartyKind, WastePartyMemberList } from '@citygov/contracts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { accessOf } from '../party-access.ts';
import { WASTE_READ, WASTE_REGISTRY_MANAGE } from '../waste-permissions.ts';
import { auditRegistry, requireStaffIn } from './registry-common.ts';

const roleOfKind: Record<WastePartyKind, string> = {
  construction_site: 'waste_site',
  company: 'waste_transport',
  disposal_site: 'waste_disposal',
};

const tableOfKind = {
  construction_site: 'waste_construction_sites',
  company: 'waste_companies',
  disposal_site: 'waste_disposal_sites',
} as const;

async function partyOf(db: Db, kind: WastePartyKind, id: number) {
  const row = await db
    .selectFrom(tableOfKind[kind])
    .select(['id', 'name', 'region_code'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(kind.replace('_', ' '), id);
  return row;
}

export async function listPartyMembers(
  db: Db,
  principal: Principal,
  kind: WastePartyKind,
  id: number,
): Promise<WastePartyMemberList> {
  const party = await partyOf(db, kind, id);
  requireStaffIn(principal, WASTE_REGISTRY_MANAGE, party.region_code);
  const rows = await db
    .selectFrom('waste_party_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.username', 'u.display_name'])
    .where('m.party_kind', '=', kind)
    .where('m.party_id', '=', id)
    .orderBy('u.username')
    .execute();
  return {
    items: rows.map((r) => ({ userId: r.id, username: r.username, displayName: r.display_name })),
  };
}

export async function setPartyMember(
  db: Db,
  principal: Principal,
  kind: WastePartyKind,
  id: number,
  username: string,
  isMember: boolean,
): Promise<WastePartyMemberList> {
  await inTransaction(db, async (trx) => {
    const party = await partyOf(trx, kind, id);
    requireStaffIn(principal, WASTE_REGISTRY_MANAGE, party.region_code);
    const user = await trx
      .selectFrom('users')
      .select(['id'])
      .where('username', '=', username.trim())
      .executeTakeFirst();
    if (!user) throw invalid('username', `there is no account ${username}`);
    if (isMember) {
      const role = await trx
        .selectFrom('user_roles')
        .select('role')
        .where('user_id', '=', user.id)
        .where('role', '=', roleOfKind[kind])
        .executeTakeFirst();
      if (!role) {
        throw invalid('username', `${username} does not hold the role ${roleOfKind[kind]}`);
      }
      await trx
        .insertInto('waste_party_members')
        .values({
          user_id: user.id,
          party_kind: kind,
          party_id: id,
          region_code: party.region_code,
        })
        .onConflict((oc) => oc.doNothing())
        .execute();
    } else {
      await trx
        .deleteFrom('waste_party_members')
        .where('user_id', '=', user.id)
        .where('party_kind', '=', kind)
        .where('party_id', '=', id)
        .execute();
    }
    await auditRegistry(
      trx,
      principal,
      isMember ? 'waste.party_member.add' : 'waste.party_member.remove',
      `waste_${kind}`,
      id,
      party.region_code,
      { userId: user.id },
    );
  });
  return listPartyMembers(db, principal, kind, id);
}

/** The organisations the caller acts for, with their names. */
export async function listMyParties(db: Db, principal: Principal): Promise<WasteMyParties> {
  const access = await accessOf(db, principal, WASTE_READ);
  const named = async (kind: WastePartyKind, ids: number[]) =>
    ids.length === 0
      ? []
      : (
          await db
            .selectFrom(tableOfKind[kind])
            .select(['id', 'name'])
            .where('id', 'in', ids)
            .orderBy('id')
            .execute()
        ).map((r) => ({ kind, id: r.id, name: r.name }));
  return {
    items: [
      ...(await named('construction_site', access.constructionSiteIds)),
      ...(await named('company', access.companyIds)),
      ...(await named('disposal_site', access.disposalSiteIds)),
    ],
  };
}
