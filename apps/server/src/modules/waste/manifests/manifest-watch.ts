// What the position rules (monitoring) need to know about trucks and their loads: which truck a
// terminal belongs to, its open manifests, and what each manifest allows (disposal sites,
// routes with corridors, transport hours). Reads only; no principal (the rules run as system).
import { sql } from 'kysely';
import {
  OPEN_MANIFEST_STATUSES,
  type GeoLineString,
  type GeoPolygon,
  type ManifestStatus,
} from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';

export interface WatchedTruck {
  id: number;
  plate: string;
  terminalPhone: string;
  vehicleId: number | null;
  companyId: number;
  regionCode: string;
  status: 'active' | 'suspended' | 'retired';
  hasCoverSensor: boolean;
  /** The JT/T 808 status bit that reads 1 while the sealed cover is open. */
  coverStatusBit: number;
}

export interface AllowedRoute {
  id: number;
  name: string;
  path: GeoLineString;
  corridorM: number;
  bbox: [number, number, number, number];
}

export interface AllowedDisposalSite {
  id: number;
  name: string;
  kind: 'landfill' | 'recycling';
  fence: GeoPolygon;
  bbox: [number, number, number, number];
}

export interface ManifestAllowances {
  manifestId: number;
  approvalId: number;
  /** The disposal sites the approval names (the manifest's designated and alternate among them). */
  disposalSites: AllowedDisposalSite[];
  /** The approval's routes; the manifest's own route first when it names one. */
  routes: AllowedRoute[];
  /** Transport hours, minutes after midnight Beijing time; end < start wraps past midnight. */
  hoursStart: number;
  hoursEnd: number;
}

export interface OpenManifest {
  id: number;
  manifestNo: string;
  status: ManifestStatus;
  regionCode: string;
  truckId: number;
  driverId: number;
  companyId: number;
  constructionSiteId: number;
  disposalSiteId: number;
  alternateSiteId: number | null;
  /** Where the load is headed now; null while it returns to the construction site. */
  destinationSiteId: number | null;
  routeId: number | null;
  declaredVolumeM3: number;
  plannedDate: string;
  /** The site signed at departure (null: not yet left). */
  departedAt: Date | null;
  /** The driver signed at pickup. */
  pickedUpAt: Date | null;
  arrivedAt: Date | null;
  /** Loaded on the road: the site signed and the receiver has not. */
  isLoaded: boolean;
}

const truckColumns = [
  'id',
  'plate',
  'terminal_phone',
  'vehicle_id',
  'company_id',
  'region_code',
  'status',
  'has_cover_sensor',
  'cover_status_bit',
] as const;

type TruckRow = {
  id: number;
  plate: string;
  terminal_phone: string;
  vehicle_id: number | null;
  company_id: number;
  region_code: string;
  status: WatchedTruck['status'];
  has_cover_sensor: boolean;
  cover_status_bit: number;
};

const truckOf = (row: TruckRow): WatchedTruck => ({
  id: row.id,
  plate: row.plate,
  terminalPhone: row.terminal_phone,
  vehicleId: row.vehicle_id,
  companyId: row.company_id,
  regionCode: row.region_code,
  status: row.status,
  hasCoverSensor: row.has_cover_sensor,
  coverStatusBit: row.cover_status_bit,
});

/** The truck whose JT/T 808 terminal has this header phone (leading zeros ignored), or null. */
export async function findTruckByTerminalPhone(
  db: Db,
  terminalPhone: string,
): Promise<WatchedTruck | null> {
  const phone = terminalPhone.replace(/^0+(?=\d)/, '');
  const row = await db
    .selectFrom('waste_trucks')
    .select(truckColumns)
    .where('terminal_phone', '=', phone)
    .executeTakeFirst();
  return row ? truckOf(row) : null;
}

/** The truck carrying this plate now (a retired truck's plate may have passed on), or null. */
export async function findTruckByPlate(db: Db, plate: string): Promise<WatchedTruck | null> {
  const row = await db
    .selectFrom('waste_trucks')
    .select(truckColumns)
    .where('plate', '=', plate.trim().toUpperCase())
    .orderBy(sql`status = 'retired'`)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? truckOf(row) : null;
}

/** Every truck (for a monitoring process to index by terminal phone at start). */
export async function listWatchedTrucks(db: Db): Promise<WatchedTruck[]> {
  const rows = await db.selectFrom('waste_trucks').select(truckColumns).orderBy('id').execute();
  return rows.map(truckOf);
}

const loadedStatuses: readonly ManifestStatus[] = [
  'scheduled',
  'in_transit',
  'ready_for_signature',
  'returning',
];

/** The manifests of a truck whose load has not reached its end, oldest first. */
export async function listOpenManifestsOfTruck(db: Db, truckId: number): Promise<OpenManifest[]> {
  const rows = await db
    .selectFrom('waste_manifests')
    .select([
      'id',
      'manifest_no',
      'status',
      'region_code',
      'truck_id',
      'driver_id',
      'company_id',
      'construction_site_id',
      'disposal_site_id',
      'alternate_site_id',
      'destination_site_id',
      'route_id',
      'declared_volume_m3',
      sql<string>`planned_date::text`.as('planned_date'),
      'departed_at',
      'picked_up_at',
      'arrived_at',
    ])
    .where('truck_id', '=', truckId)
    .where('status', 'in', OPEN_MANIFEST_STATUSES)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    manifestNo: r.manifest_no,
    status: r.status,
    regionCode: r.region_code,
    truckId: r.truck_id,
    driverId: r.driver_id,
    companyId: r.company_id,
    constructionSiteId: r.construction_site_id,
    disposalSiteId: r.disposal_site_id,
    alternateSiteId: r.alternate_site_id,
    destinationSiteId: r.destination_site_id,
    routeId: r.route_id,
    declaredVolumeM3: r.declared_volume_m3,
    plannedDate: r.planned_date,
    departedAt: r.departed_at,
    pickedUpAt: r.picked_up_at,
    arrivedAt: r.arrived_at,
    isLoaded: loadedStatuses.includes(r.status),
  }));
}

const boxOf = (r: { min_lon: number; min_lat: number; max_lon: number; max_lat: number }) =>
  [r.min_lon, r.min_lat, r.max_lon, r.max_lat] as [number, number, number, number];

/** What a manifest's approval allows: disposal sites, routes and hours; null if no manifest. */
export async function getManifestAllowances(
  db: Db,
  manifestId: number,
): Promise<ManifestAllowances | null> {
  const manifest = await db
    .selectFrom('waste_manifests as m')
    .innerJoin('waste_approvals as a', 'a.id', 'm.approval_id')
    .select(['m.id', 'm.approval_id', 'm.route_id', 'a.hours_start', 'a.hours_end'])
    .where('m.id', '=', manifestId)
    .executeTakeFirst();
  if (!manifest) return null;
  const [sites, routes] = await Promise.all([
    db
      .selectFrom('waste_approval_disposal_sites as ad')
      .innerJoin('waste_disposal_sites as d', 'd.id', 'ad.disposal_site_id')
      .select(['d.id', 'd.name', 'd.kind', 'd.fence', 'd.min_lon', 'd.min_lat', 'd.max_lon'])
      .select('d.max_lat')
      .where('ad.approval_id', '=', manifest.approval_id)
      .orderBy('d.id')
      .execute(),
    db
      .selectFrom('waste_approval_routes as ar')
      .innerJoin('waste_routes as r', 'r.id', 'ar.route_id')
      .select(['r.id', 'r.name', 'r.path', 'r.corridor_m', 'r.min_lon', 'r.min_lat', 'r.max_lon'])
      .select('r.max_lat')
      .where('ar.approval_id', '=', manifest.approval_id)
      .where('r.status', '=', 'active')
      .orderBy('r.id')
      .execute(),
  ]);
  const ordered = [...routes].sort(
    (a, b) => Number(b.id === manifest.route_id) - Number(a.id === manifest.route_id),
  );
  return {
    manifestId: manifest.id,
    approvalId: manifest.approval_id,
    disposalSites: sites.map((s) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      fence: s.fence,
      bbox: boxOf(s),
    })),
    routes: ordered.map((r) => ({
      id: r.id,
      name: r.name,
      path: r.path,
      corridorM: r.corridor_m,
      bbox: boxOf(r),
    })),
    hoursStart: manifest.hours_start,
    hoursEnd: manifest.hours_end,
  };
}

export interface WasteFence {
  kind: 'construction_site' | 'disposal_site';
  id: number;
  name: string;
  regionCode: string;
  fence: GeoPolygon;
  bbox: [number, number, number, number];
  /** Disposal sites only. */
  disposalKind: 'landfill' | 'recycling' | null;
}

/** The fences of active construction and disposal sites (for an in-memory spatial index). */
export async function listWasteFences(db: Db): Promise<WasteFence[]> {
  const [sites, disposal] = await Promise.all([
    db
      .selectFrom('waste_construction_sites')
      .select(['id', 'name', 'region_code', 'fence', 'min_lon', 'min_lat', 'max_lon', 'max_lat'])
      .where('status', '=', 'active')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('waste_disposal_sites')
      .select(['id', 'name', 'region_code', 'fence', 'min_lon', 'min_lat', 'max_lon', 'max_lat'])
      .select('kind')
      .where('status', '=', 'active')
      .orderBy('id')
      .execute(),
  ]);
  return [
    ...sites.map((s) => ({
      kind: 'construction_site' as const,
      id: s.id,
      name: s.name,
      regionCode: s.region_code,
      fence: s.fence,
      bbox: boxOf(s),
      disposalKind: null,
    })),
    ...disposal.map((s) => ({
      kind: 'disposal_site' as const,
      id: s.id,
      name: s.name,
      regionCode: s.region_code,
      fence: s.fence,
      bbox: boxOf(s),
      disposalKind: s.kind,
    })),
  ];
}
