// SQL of manifests: locking a row, numbering, versions and signatures.
import { sql } from 'kysely';
import type { SignatureRole, WastePartyKind } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { localDateOf } from '../../../platform/calendar/working-calendar.ts';

const manifestColumns = [
  'id',
  'region_code',
  'manifest_no',
  'approval_id',
  'construction_site_id',
  'company_id',
  'truck_id',
  'driver_id',
  'disposal_site_id',
  'alternate_site_id',
  'destination_site_id',
  'route_id',
  'waste_type',
  'declared_volume_m3',
  'received_volume_m3',
  'received_waste_type',
  'received_site_id',
  'status',
  'version',
  'is_locked',
  'has_discrepancy',
  'discrepancy_resolved_at',
  'created_by',
] as const;

/** The manifest row, locked for the rest of the transaction; null if there is none. */
export async function lockManifest(trx: Db, id: number) {
  const row = await trx
    .selectFrom('waste_manifests')
    .select(manifestColumns)
    .select(sql<string>`planned_date::text`.as('planned_date'))
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ?? null;
}

export type LockedManifest = NonNullable<Awaited<ReturnType<typeof lockManifest>>>;

/** The next manifest number of a district and Beijing day: 500103-20260915-0007. */
export async function nextManifestNo(trx: Db, regionCode: string, at: Date): Promise<string> {
  const district = regionCode.slice(0, 6);
  const day = localDateOf(at).replaceAll('-', '');
  const row = await trx
    .insertInto('waste_manifest_counters')
    .values({ region_code: district, day, last: 1 })
    .onConflict((oc) =>
      oc
        .columns(['region_code', 'day'])
        .doUpdateSet({ last: sql`waste_manifest_counters.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return `${district}-${day}-${String(row.last).padStart(4, '0')}`;
}

export interface NewSignature {
  role: SignatureRole;
  partyKind: WastePartyKind;
  partyId: number;
  signerUserId: number;
  signerName: string;
  driverId?: number | null;
  volumeM3?: number | null;
  wasteType?: string | null;
  version: number;
  note?: string | null;
}

/** Appends a signature at the server's time `at`, next in the manifest's order. */
export async function insertSignature(
  trx: Db,
  manifest: { id: number; region_code: string },
  s: NewSignature,
  at: Date,
) {
  const last = await trx
    .selectFrom('waste_manifest_signatures')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('manifest_id', '=', manifest.id)
    .executeTakeFirst();
  await trx
    .insertInto('waste_manifest_signatures')
    .values({
      manifest_id: manifest.id,
      region_code: manifest.region_code,
      seq: Number(last?.seq ?? 0) + 1,
      role: s.role,
      party_kind: s.partyKind,
      party_id: s.partyId,
      signer_user_id: s.signerUserId,
      signer_name: s.signerName,
      driver_id: s.driverId ?? null,
      volume_m3: s.volumeM3 ?? null,
      waste_type: s.wasteType ?? null,
      version: s.version,
      note: s.note ?? null,
      signed_at: at,
    })
    .execute();
}

/** Marks the current version superseded and records `version` as current. */
export async function insertCurrentVersion(
  trx: Db,
  manifest: { id: number; region_code: string },
  v: {
    version: number;
    kind: 'original' | 'edit';
    content: Record<string, unknown>;
    reason: string | null;
    userId: number | null;
  },
  at: Date,
) {
  await trx
    .updateTable('waste_manifest_versions')
    .set({ status: 'superseded', closed_at: at })
    .where('manifest_id', '=', manifest.id)
    .where('status', '=', 'current')
    .execute();
  await trx
    .insertInto('waste_manifest_versions')
    .values({
      manifest_id: manifest.id,
      version: v.version,
      region_code: manifest.region_code,
      kind: v.kind,
      status: 'current',
      content: JSON.stringify(v.content),
      reason: v.reason,
      created_by: v.userId,
      created_at: at,
    })
    .execute();
}

/** The highest version number recorded (open or reverted corrections included). */
export async function lastVersionNumber(trx: Db, manifestId: number): Promise<number> {
  const row = await trx
    .selectFrom('waste_manifest_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('manifest_id', '=', manifestId)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

/** User ids of the accounts acting for an organisation (to notify them). */
export async function memberUserIds(trx: Db, kind: WastePartyKind, partyId: number | null) {
  if (partyId === null) return [];
  const rows = await trx
    .selectFrom('waste_party_members')
    .select('user_id')
    .where('party_kind', '=', kind)
    .where('party_id', '=', partyId)
    .execute();
  return rows.map((r) => r.user_id);
}
