// Manifests as the API shows them: the summary of lists, and the detail with signatures,
// versions, the workflow (state, history, the caller's actions) and what the caller may do.
import { sql } from 'kysely';
import type {
  DiscrepancyKind,
  ManifestDetail,
  ManifestList,
  ManifestListQuery,
  ManifestSummary,
  WasteType,
} from '@citygov/contracts';
import type { Principal } from '../../../platform/auth/principal.ts';
import type { Db } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import { findInstance, viewInstance } from '../../../platform/workflow/index.ts';
import { accessOf, actsFor } from '../party-access.ts';
import { fragmentOf, pagingOf } from '../registry/registry-common.ts';
import { WASTE_MANIFESTS_WRITE } from '../waste-permissions.ts';
import {
  canSeeManifest,
  manifestsVisibleTo,
  readAccessOf,
  requireActingParty,
} from './manifest-access.ts';
import { canResolveDiscrepancy } from './discrepancy.ts';
import { actionsWithOwnEndpoint, MANIFEST_SUBJECT } from './manifest-workflow.ts';

const selectManifests = (db: Db) =>
  db
    .selectFrom('waste_manifests as m')
    .innerJoin('waste_approvals as a', 'a.id', 'm.approval_id')
    .innerJoin('waste_construction_sites as s', 's.id', 'm.construction_site_id')
    .innerJoin('waste_companies as c', 'c.id', 'm.company_id')
    .innerJoin('waste_trucks as t', 't.id', 'm.truck_id')
    .innerJoin('waste_drivers as d', 'd.id', 'm.driver_id')
    .innerJoin('waste_disposal_sites as ds', 'ds.id', 'm.disposal_site_id')
    .leftJoin('waste_disposal_sites as alt', 'alt.id', 'm.alternate_site_id')
    .leftJoin('waste_disposal_sites as dest', 'dest.id', 'm.destination_site_id')
    .leftJoin('waste_disposal_sites as rec', 'rec.id', 'm.received_site_id')
    .selectAll('m')
    .select([
      sql<string>`m.planned_date::text`.as('planned_day'),
      'a.approval_no',
      's.name as site_name',
      'c.name as company_name',
      't.plate',
      'd.name as driver_name',
      'ds.name as disposal_name',
      'alt.name as alternate_name',
      'dest.name as destination_name',
      'rec.name as received_name',
    ]);

type Row = Awaited<ReturnType<ReturnType<typeof selectManifests>['executeTakeFirstOrThrow']>>;

const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
const named = (id: number | null, name: string | null) =>
  id !== null && name !== null ? { id, name } : null;

export function summaryOf(r: Row): ManifestSummary {
  return {
    id: r.id,
    manifestNo: r.manifest_no,
    regionCode: r.region_code,
    status: r.status,
    version: r.version,
    approvalId: r.approval_id,
    approvalNo: r.approval_no,
    constructionSite: { id: r.construction_site_id, name: r.site_name },
    company: { id: r.company_id, name: r.company_name },
    truck: { id: r.truck_id, plate: r.plate },
    driver: { id: r.driver_id, name: r.driver_name },
    disposalSite: { id: r.disposal_site_id, name: r.disposal_name },
    alternateSite: named(r.alternate_site_id, r.alternate_name),
    destinationSite: named(r.destination_site_id, r.destination_name),
    routeId: r.route_id,
    wasteType: r.waste_type as WasteType,
    declaredVolumeM3: r.declared_volume_m3,
    receivedVolumeM3: r.received_volume_m3,
    receivedWasteType: r.received_waste_type,
    receivedSite: named(r.received_site_id, r.received_name),
    plannedDate: r.planned_day,
    departedAt: isoOrNull(r.departed_at),
    pickedUpAt: isoOrNull(r.picked_up_at),
    arrivedAt: isoOrNull(r.arrived_at),
    receivedAt: isoOrNull(r.received_at),
    returnedAt: isoOrNull(r.returned_at),
    rejectionCount: r.rejection_count,
    rejectionReason: r.rejection_reason,
    hasDiscrepancy: r.has_discrepancy,
    discrepancyKinds: r.discrepancy_kinds as DiscrepancyKind[],
    discrepancyRatio: r.discrepancy_ratio,
    discrepancyResolvedAt: isoOrNull(r.discrepancy_resolved_at),
    discrepancyResolution: r.discrepancy_resolution,
    discrepancyEscalatedAt: isoOrNull(r.discrepancy_escalated_at),
    isLocked: r.is_locked,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listManifests(
  db: Db,
  principal: Principal,
  query: ManifestListQuery,
): Promise<ManifestList> {
  const access = await readAccessOf(db, principal);
  const { page, pageSize, offset } = pagingOf(query, 20);
  let base = selectManifests(db).where(manifestsVisibleTo(access));
  if (query.regionCode) base = base.where('m.region_code', 'like', `${query.regionCode}%`);
  if (query.status) base = base.where('m.status', '=', query.status);
  if (query.constructionSiteId)
    base = base.where('m.construction_site_id', '=', query.constructionSiteId);
  if (query.companyId) base = base.where('m.company_id', '=', query.companyId);
  if (query.truckId) base = base.where('m.truck_id', '=', query.truckId);
  if (query.disposalSiteId) {
    const id = query.disposalSiteId;
    base = base.where((eb) =>
      eb.or([
        eb('m.disposal_site_id', '=', id),
        eb('m.alternate_site_id', '=', id),
        eb('m.received_site_id', '=', id),
      ]),
    );
  }
  if (query.hasDiscrepancy !== undefined)
    base = base.where('m.has_discrepancy', '=', query.hasDiscrepancy);
  if (query.from) base = base.where('m.planned_date', '>=', query.from);
  if (query.to) base = base.where('m.planned_date', '<=', query.to);
  if (query.q) {
    const f = fragmentOf(query.q.toUpperCase());
    base = base.where((eb) => eb.or([eb('m.manifest_no', 'like', f), eb('t.plate', 'like', f)]));
  }
  const [rows, counted] = await Promise.all([
    base
      .orderBy('m.created_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(pageSize)
      .offset(offset)
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(counted.n), page, pageSize, items: rows.map(summaryOf) };
}

/** The manifest with everything its page shows; 404 when the caller cannot see it. */
export async function getManifestDetail(
  db: Db,
  principal: Principal,
  id: number,
): Promise<ManifestDetail> {
  const row = await selectManifests(db).where('m.id', '=', id).executeTakeFirst();
  const access = await readAccessOf(db, principal);
  if (!row || !canSeeManifest(access, row)) throw notFound('manifest', id);
  const [signatures, versions, instance] = await Promise.all([
    db
      .selectFrom('waste_manifest_signatures as g')
      .leftJoin('waste_construction_sites as s', (j) =>
        j.onRef('s.id', '=', 'g.party_id').on('g.party_kind', '=', 'construction_site'),
      )
      .leftJoin('waste_companies as c', (j) =>
        j.onRef('c.id', '=', 'g.party_id').on('g.party_kind', '=', 'company'),
      )
      .leftJoin('waste_disposal_sites as d', (j) =>
        j.onRef('d.id', '=', 'g.party_id').on('g.party_kind', '=', 'disposal_site'),
      )
      .selectAll('g')
      .select((eb) => eb.fn.coalesce('s.name', 'c.name', 'd.name').as('party_name'))
      .where('g.manifest_id', '=', id)
      .orderBy('g.seq')
      .execute(),
    db
      .selectFrom('waste_manifest_versions as v')
      .leftJoin('users as u', 'u.id', 'v.created_by')
      .selectAll('v')
      .select('u.display_name')
      .where('v.manifest_id', '=', id)
      .orderBy('v.version')
      .execute(),
    findInstance(db, { subjectType: MANIFEST_SUBJECT, subjectId: String(id) }),
  ]);
  if (!instance) throw notFound('manifest', id);
  const workflow = await viewInstance(db, instance, principal);
  // The engine lists what the role allows; keep what this caller's organisation may sign.
  const actions = [];
  for (const a of workflow.actions) {
    if (actionsWithOwnEndpoint.has(a.name)) continue;
    try {
      await requireActingParty(db, principal, a.name, row);
      actions.push(a);
    } catch {
      // not this caller's step
    }
  }
  const write = await accessOf(db, principal, WASTE_MANIFESTS_WRITE);
  const isSigned = ['signed', 'corrected'].includes(row.status);
  let canCorrect = false;
  if (isSigned && workflow.actions.some((a) => a.name === 'start_correction')) {
    canCorrect = await requireActingParty(db, principal, 'start_correction', row).then(
      () => true,
      () => false,
    );
  }
  return {
    manifest: summaryOf(row),
    signatures: signatures.map((g) => ({
      seq: g.seq,
      role: g.role,
      partyKind: g.party_kind,
      partyId: g.party_id,
      partyName: g.party_name ?? '',
      signerName: g.signer_name,
      driverId: g.driver_id,
      volumeM3: g.volume_m3,
      wasteType: g.waste_type,
      version: g.version,
      note: g.note,
      signedAt: g.signed_at.toISOString(),
    })),
    versions: versions.map((v) => ({
      version: v.version,
      kind: v.kind,
      status: v.status,
      content: v.content,
      reason: v.reason,
      createdBy: v.display_name,
      createdAt: v.created_at.toISOString(),
      closedAt: isoOrNull(v.closed_at),
    })),
    workflow: { ...workflow, actions },
    canEdit:
      !row.is_locked &&
      ['draft', 'pending'].includes(row.status) &&
      actsFor(write, 'construction_site', row.construction_site_id),
    canCorrect,
    canResolveDiscrepancy:
      row.has_discrepancy &&
      row.discrepancy_resolved_at === null &&
      (await canResolveDiscrepancy(db, principal, row)),
  };
}
