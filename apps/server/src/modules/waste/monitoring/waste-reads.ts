// Bulk reads of the waste registry and manifests that the monitoring needs and the waste
// module's public face does not offer (it answers per truck or per manifest; a monitoring
// process holds every truck's open manifest and every route in memory). Reads only.
import { sql } from 'kysely';
import {
  OPEN_MANIFEST_STATUSES,
  type GeoLineString,
  type ManifestStatus,
} from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';

export interface ManifestRow {
  id: number;
  manifestNo: string;
  status: ManifestStatus;
  truckId: number;
  approvalId: number;
  constructionSiteId: number;
  disposalSiteId: number;
  alternateSiteId: number | null;
  destinationSiteId: number | null;
  routeId: number | null;
  departedAt: Date | null;
  pickedUpAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Open manifests (every one), or with `since` every manifest changed from then on whatever its
 * status (so that one which closed can be dropped).
 */
export async function readManifests(db: Db, since: Date | null): Promise<ManifestRow[]> {
  let query = db
    .selectFrom('waste_manifests')
    .select([
      'id',
      'manifest_no',
      'status',
      'truck_id',
      'approval_id',
      'construction_site_id',
      'disposal_site_id',
      'alternate_site_id',
      'destination_site_id',
      'route_id',
      'departed_at',
      'picked_up_at',
      'created_at',
      'updated_at',
    ]);
  query =
    since === null
      ? query.where('status', 'in', OPEN_MANIFEST_STATUSES)
      : query.where('updated_at', '>=', since);
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    manifestNo: r.manifest_no,
    status: r.status,
    truckId: r.truck_id,
    approvalId: r.approval_id,
    constructionSiteId: r.construction_site_id,
    disposalSiteId: r.disposal_site_id,
    alternateSiteId: r.alternate_site_id,
    destinationSiteId: r.destination_site_id,
    routeId: r.route_id,
    departedAt: r.departed_at,
    pickedUpAt: r.picked_up_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export interface ApprovalAllowance {
  hoursStart: number;
  hoursEnd: number;
  disposalSiteIds: number[];
  /** Active routes of the approval with the disposal site each leads to. */
  routes: Array<{ id: number; disposalSiteId: number }>;
}

/** What each approval allows (disposal sites, routes, hours), by approval id. */
export async function readApprovalAllowances(
  db: Db,
  approvalIds: readonly number[],
): Promise<Map<number, ApprovalAllowance>> {
  const result = new Map<number, ApprovalAllowance>();
  if (approvalIds.length === 0) return result;
  const ids = [...approvalIds];
  const [approvals, sites, routes] = await Promise.all([
    db
      .selectFrom('waste_approvals')
      .select(['id', 'hours_start', 'hours_end'])
      .where('id', 'in', ids)
      .execute(),
    db
      .selectFrom('waste_approval_disposal_sites')
      .select(['approval_id', 'disposal_site_id'])
      .where('approval_id', 'in', ids)
      .execute(),
    db
      .selectFrom('waste_approval_routes as ar')
      .innerJoin('waste_routes as r', 'r.id', 'ar.route_id')
      .select(['ar.approval_id', 'r.id', 'r.disposal_site_id'])
      .where('ar.approval_id', 'in', ids)
      .where('r.status', '=', 'active')
      .execute(),
  ]);
  for (const a of approvals) {
    result.set(a.id, {
      hoursStart: a.hours_start,
      hoursEnd: a.hours_end,
      disposalSiteIds: [],
      routes: [],
    });
  }
  for (const s of sites) result.get(s.approval_id)?.disposalSiteIds.push(s.disposal_site_id);
  for (const r of routes) {
    result.get(r.approval_id)?.routes.push({ id: r.id, disposalSiteId: r.disposal_site_id });
  }
  return result;
}

export interface RouteRow {
  id: number;
  name: string;
  constructionSiteId: number;
  disposalSiteId: number;
  path: GeoLineString;
  /** Metres either side of the path. */
  corridorM: number;
}

export async function readActiveRoutes(db: Db): Promise<RouteRow[]> {
  const rows = await db
    .selectFrom('waste_routes')
    .select(['id', 'name', 'construction_site_id', 'disposal_site_id', 'path', 'corridor_m'])
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    constructionSiteId: r.construction_site_id,
    disposalSiteId: r.disposal_site_id,
    path: r.path,
    corridorM: r.corridor_m,
  }));
}

/** A marker that changes whenever a fence or a route is added, edited or retired. */
export async function readFenceRevision(db: Db): Promise<string> {
  const result = await sql<{ marker: string }>`
    SELECT concat_ws('/',
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM waste_construction_sites),
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM waste_disposal_sites),
      (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM waste_routes)
    ) AS marker`.execute(db);
  return result.rows[0]?.marker ?? '';
}

export async function readCompanyNames(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('waste_companies').select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
