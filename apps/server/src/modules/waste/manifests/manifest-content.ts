// Checking a manifest's content against its disposal approval and the registry: the approved
// company, one of its active trucks and drivers, approved disposal sites and route, the waste
// type, the truck's capacity, and the approval's validity and remaining volume.
import { sql } from 'kysely';
import type { ManifestContent } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { AppError, invalid } from '../../../platform/errors.ts';
import {
  approvalBlockedError,
  approvalBlockOf,
  type ApprovalFacts,
} from '../registry/approval-rules.ts';

export interface LockedApproval extends ApprovalFacts {
  id: number;
  region_code: string;
  construction_site_id: number;
  waste_types: string[];
  hours_start: number;
  hours_end: number;
}

/** The approval, locked for the rest of the transaction (its used volume changes). */
export async function lockApproval(trx: Db, approvalId: number): Promise<LockedApproval | null> {
  const row = await trx
    .selectFrom('waste_approvals')
    .select([
      'id',
      'region_code',
      'approval_no',
      'construction_site_id',
      'waste_types',
      'permitted_volume_m3',
      'used_volume_m3',
      'status',
      'hours_start',
      'hours_end',
      sql<string>`valid_from::text`.as('valid_from'),
      sql<string>`valid_to::text`.as('valid_to'),
    ])
    .where('id', '=', approvalId)
    .forUpdate()
    .executeTakeFirst();
  return row ?? null;
}

const conflict = (field: string, message: string, reason: string) =>
  new AppError('conflict', message, { field, reason });

export interface CheckedContent extends ManifestContent {
  alternateSiteId: number | null;
  routeId: number | null;
}

/**
 * The content as stored (route chosen when left out), after every check; 400 for what the
 * caller got wrong, 409 for what the registry or the approval refuses now.
 * `volumeDelta` is the volume this content adds to the approval (all of it when new).
 */
export async function checkContent(
  trx: Db,
  content: ManifestContent,
  approval: LockedApproval,
  options: { day: string; volumeDelta: number; ignoreValidity?: boolean },
): Promise<CheckedContent> {
  const [company, truck, driver, site] = await Promise.all([
    trx
      .selectFrom('waste_companies as c')
      .leftJoin('waste_approval_companies as ac', (j) =>
        j.onRef('ac.company_id', '=', 'c.id').on('ac.approval_id', '=', approval.id),
      )
      .select(['c.id', 'c.name', 'c.status', 'ac.approval_id'])
      .where('c.id', '=', content.companyId)
      .executeTakeFirst(),
    trx
      .selectFrom('waste_trucks')
      .select(['id', 'plate', 'company_id', 'status', 'capacity_m3'])
      .where('id', '=', content.truckId)
      .executeTakeFirst(),
    trx
      .selectFrom('waste_drivers')
      .select(['id', 'company_id', 'status'])
      .where('id', '=', content.driverId)
      .executeTakeFirst(),
    trx
      .selectFrom('waste_construction_sites')
      .select(['id', 'name', 'status'])
      .where('id', '=', approval.construction_site_id)
      .executeTakeFirstOrThrow(),
  ]);
  if (site.status !== 'active') {
    throw conflict(
      'approvalId',
      `Construction site ${site.name} is ${site.status}`,
      'site_inactive',
    );
  }
  if (!approval.waste_types.includes(content.wasteType)) {
    throw invalid(
      'wasteType',
      `Approval ${approval.approval_no} does not cover waste type ${content.wasteType}`,
    );
  }
  if (!company)
    throw invalid('companyId', `transport company ${content.companyId} is not registered`);
  if (company.approval_id === null) {
    throw invalid(
      'companyId',
      `${company.name} is not a transport company of approval ${approval.approval_no}`,
    );
  }
  if (company.status !== 'active') {
    throw conflict('companyId', `${company.name} is ${company.status}`, 'company_inactive');
  }
  if (!truck || truck.company_id !== company.id) {
    throw invalid('truckId', `truck ${content.truckId} is not a truck of ${company.name}`);
  }
  if (truck.status !== 'active') {
    throw conflict('truckId', `Truck ${truck.plate} is ${truck.status}`, 'truck_inactive');
  }
  if (content.declaredVolumeM3 > truck.capacity_m3) {
    throw invalid(
      'declaredVolumeM3',
      `Truck ${truck.plate} carries at most ${truck.capacity_m3} m³`,
    );
  }
  if (!driver || driver.company_id !== company.id) {
    throw invalid('driverId', `driver ${content.driverId} is not a driver of ${company.name}`);
  }
  if (driver.status !== 'active') {
    throw conflict('driverId', `Driver ${driver.id} is ${driver.status}`, 'driver_inactive');
  }
  const alternate = content.alternateSiteId ?? null;
  if (alternate !== null && alternate === content.disposalSiteId) {
    throw invalid('alternateSiteId', 'The alternate site must differ from the designated one');
  }
  const approvedSites = await trx
    .selectFrom('waste_approval_disposal_sites as ad')
    .innerJoin('waste_disposal_sites as d', 'd.id', 'ad.disposal_site_id')
    .select(['d.id', 'd.name', 'd.status'])
    .where('ad.approval_id', '=', approval.id)
    .execute();
  for (const [field, id] of [
    ['disposalSiteId', content.disposalSiteId],
    ['alternateSiteId', alternate],
  ] as const) {
    if (id === null) continue;
    const found = approvedSites.find((s) => s.id === id);
    if (!found)
      throw invalid(field, `disposal site ${id} is not approved by ${approval.approval_no}`);
    if (found.status !== 'active') {
      throw conflict(
        field,
        `Disposal site ${found.name} is ${found.status}`,
        'disposal_site_inactive',
      );
    }
  }
  const routes = await trx
    .selectFrom('waste_approval_routes as ar')
    .innerJoin('waste_routes as r', 'r.id', 'ar.route_id')
    .select(['r.id', 'r.disposal_site_id'])
    .where('ar.approval_id', '=', approval.id)
    .where('r.status', '=', 'active')
    .orderBy('r.id')
    .execute();
  let routeId = content.routeId ?? null;
  if (routeId !== null) {
    const route = routes.find((r) => r.id === routeId);
    if (!route || route.disposal_site_id !== content.disposalSiteId) {
      throw invalid('routeId', `route ${routeId} is not an approved route to the designated site`);
    }
  } else {
    routeId = routes.find((r) => r.disposal_site_id === content.disposalSiteId)?.id ?? null;
  }
  if (!options.ignoreValidity) {
    const block = approvalBlockOf(approval, options.day, Math.max(0, options.volumeDelta));
    if (block) throw approvalBlockedError(approval, block, options.volumeDelta);
    if (content.plannedDate < approval.valid_from || content.plannedDate > approval.valid_to) {
      throw invalid(
        'plannedDate',
        `plannedDate must lie within the approval's validity ${approval.valid_from} – ${approval.valid_to}`,
      );
    }
  } else if (options.volumeDelta > 0) {
    const left = approval.permitted_volume_m3 - approval.used_volume_m3;
    if (options.volumeDelta - left > 1e-6) {
      throw approvalBlockedError(approval, 'exhausted', options.volumeDelta);
    }
  }
  return { ...content, alternateSiteId: alternate, routeId };
}

/** Adds `delta` m³ (negative gives back) to the approval's used volume. */
export async function reserveVolume(trx: Db, approvalId: number, delta: number) {
  if (delta === 0) return;
  await trx
    .updateTable('waste_approvals')
    .set({ used_volume_m3: sql`greatest(0, used_volume_m3 + ${delta})`, updated_at: new Date() })
    .where('id', '=', approvalId)
    .execute();
}

/** The manifest columns of checked content. */
export const contentColumns = (c: CheckedContent) => ({
  approval_id: c.approvalId,
  company_id: c.companyId,
  truck_id: c.truckId,
  driver_id: c.driverId,
  disposal_site_id: c.disposalSiteId,
  alternate_site_id: c.alternateSiteId,
  destination_site_id: c.disposalSiteId,
  route_id: c.routeId,
  waste_type: c.wasteType,
  declared_volume_m3: c.declaredVolumeM3,
  planned_date: c.plannedDate,
});

/** The content of a stored manifest (what a version records). */
export function contentOfRow(r: {
  approval_id: number;
  company_id: number;
  truck_id: number;
  driver_id: number;
  disposal_site_id: number;
  alternate_site_id: number | null;
  route_id: number | null;
  waste_type: string;
  declared_volume_m3: number;
  planned_date: string;
}): CheckedContent {
  return {
    approvalId: r.approval_id,
    companyId: r.company_id,
    truckId: r.truck_id,
    driverId: r.driver_id,
    disposalSiteId: r.disposal_site_id,
    alternateSiteId: r.alternate_site_id,
    routeId: r.route_id,
    wasteType: r.waste_type as CheckedContent['wasteType'],
    declaredVolumeM3: r.declared_volume_m3,
    plannedDate: r.planned_date,
  };
}
