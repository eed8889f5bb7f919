// The command centre's vehicles layer: every waste truck at its latest position, with its
// company, whether it is loaded (and by what: the open manifest, the load sensor, both), its
// open manifest, the cover sensor and its ongoing violations. Also the fence event log.
import type {
  LiveVehicleFeature,
  LiveVehicles,
  LiveVehiclesQuery,
  TruckLoadSource,
  WasteFenceEventList,
  WasteFenceEventQuery,
  WasteViolationRule,
} from '@citygov/contracts';
import { OPEN_MANIFEST_STATUSES } from '@citygov/contracts';
import { sql } from 'kysely';
import type { Principal } from '../../../platform/auth/principal.ts';
import type { Db } from '../../../platform/db/database.ts';
import { invalid } from '../../../platform/errors.ts';
import { parseBbox } from '../../../platform/geo/city.ts';
import { readablePrefixes } from './violation-queries.ts';
import { isSensorLoaded } from './watch-types.ts';

const STALE_MS = 5 * 60_000;
const LOADED_STATUSES = ['scheduled', 'in_transit', 'ready_for_signature', 'returning'];

interface LiveRow {
  vehicle_id: number;
  truck_id: number;
  plate: string;
  region_code: string;
  company_id: number;
  company_name: string | null;
  recorded_at: Date;
  lat: number;
  lon: number;
  speed_kmh: number;
  direction: number;
  status_bits: number;
  has_cover_sensor: boolean;
  cover_status_bit: number;
  manifest_id: string | number | null;
  manifest_no: string | null;
  manifest_status: string | null;
  violations: WasteViolationRule[] | null;
}

export async function listLiveVehicles(
  db: Db,
  principal: Principal,
  query: LiveVehiclesQuery,
  now = new Date(),
): Promise<LiveVehicles> {
  const limit = query.limit ?? 10_000;
  const generatedAt = now.toISOString();
  const prefixes = readablePrefixes(principal);
  if (prefixes.length === 0) {
    return { type: 'FeatureCollection', features: [], isTruncated: false, generatedAt };
  }
  const box = query.bbox === undefined ? null : parseBbox(query.bbox);
  const regionFilter = sql.join(
    prefixes.map((p) => sql`t.region_code LIKE ${`${p}%`}`),
    sql` OR `,
  );
  // The latest position of the terminal the truck carries; the truck's newest open manifest
  // (a loaded one first); its ongoing violations.
  const result = await sql<LiveRow>`
    SELECT v.id AS vehicle_id, t.id AS truck_id, t.plate, t.region_code, t.company_id,
      co.name AS company_name, l.recorded_at, l.lat, l.lon, l.speed_kmh, l.direction,
      l.status_bits, t.has_cover_sensor, t.cover_status_bit,
      m.id AS manifest_id, m.manifest_no, m.status AS manifest_status,
      (SELECT array_agg(DISTINCT w.rule) FROM waste_violations w
        WHERE w.vehicle_id = v.id AND w.ended_at IS NULL) AS violations
    FROM waste_trucks t
    JOIN vehicles v ON v.terminal_phone = t.terminal_phone
    JOIN vehicle_latest_positions l ON l.vehicle_id = v.id
    LEFT JOIN waste_companies co ON co.id = t.company_id
    LEFT JOIN LATERAL (
      SELECT mm.id, mm.manifest_no, mm.status FROM waste_manifests mm
      WHERE mm.truck_id = t.id AND mm.status IN (${sql.join([...OPEN_MANIFEST_STATUSES])})
      ORDER BY (mm.status IN (${sql.join(LOADED_STATUSES)})) DESC, mm.id DESC
      LIMIT 1
    ) m ON true
    WHERE t.status <> 'retired' AND (${regionFilter})
      ${box === null ? sql`` : sql`AND l.lon BETWEEN ${box[0]} AND ${box[2]} AND l.lat BETWEEN ${box[1]} AND ${box[3]}`}
      ${query.companyId === undefined ? sql`` : sql`AND t.company_id = ${query.companyId}`}
    ORDER BY t.id
  `.execute(db);
  const features: LiveVehicleFeature[] = [];
  let isTruncated = false;
  for (const row of result.rows) {
    const byManifest =
      row.manifest_status !== null && LOADED_STATUSES.includes(row.manifest_status);
    const bySensor = isSensorLoaded(Number(row.status_bits));
    const loadSource: TruckLoadSource =
      byManifest && bySensor ? 'both' : byManifest ? 'manifest' : bySensor ? 'sensor' : 'none';
    const isLoaded = loadSource !== 'none';
    const violations = row.violations ?? [];
    if (query.isLoaded !== undefined && query.isLoaded !== isLoaded) continue;
    if (query.hasViolation !== undefined && query.hasViolation !== violations.length > 0) continue;
    if (features.length >= limit) {
      isTruncated = true;
      break;
    }
    const recordedAt = new Date(row.recorded_at);
    features.push({
      type: 'Feature',
      id: row.truck_id,
      geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
      properties: {
        vehicleId: row.vehicle_id,
        truckId: row.truck_id,
        plate: row.plate,
        regionCode: row.region_code,
        companyId: row.company_id,
        companyName: row.company_name,
        recordedAt: recordedAt.toISOString(),
        speedKmh: row.speed_kmh,
        direction: row.direction,
        isLoaded,
        loadSource,
        manifestId: row.manifest_id === null ? null : Number(row.manifest_id),
        manifestNumber: row.manifest_no,
        manifestState: row.manifest_status,
        isCoverOpen:
          row.has_cover_sensor && ((Number(row.status_bits) >>> row.cover_status_bit) & 1) === 1,
        isStale: now.getTime() - recordedAt.getTime() > STALE_MS,
        violations,
      },
    });
  }
  return { type: 'FeatureCollection', features, isTruncated, generatedAt };
}

export async function listFenceEvents(
  db: Db,
  principal: Principal,
  query: WasteFenceEventQuery,
): Promise<WasteFenceEventList> {
  const prefixes = readablePrefixes(principal);
  if (prefixes.length === 0) return { items: [] };
  const from = query.from === undefined ? null : new Date(query.from);
  const to = query.to === undefined ? null : new Date(query.to);
  if (from !== null && to !== null && !(from < to)) throw invalid('from', 'from must be before to');
  const regionFilter = sql.join(
    prefixes.map((p) => sql`e.region_code LIKE ${`${p}%`}`),
    sql` OR `,
  );
  const result = await sql<{
    id: string | number;
    truck_id: number;
    vehicle_id: number;
    plate: string;
    fence_kind: 'construction_site' | 'disposal_site';
    fence_id: number;
    fence_name: string | null;
    event: 'enter' | 'exit';
    at: Date;
    lat: number;
    lon: number;
    is_loaded: boolean;
  }>`
    SELECT e.id, e.truck_id, e.vehicle_id, t.plate, e.fence_kind, e.fence_id,
      coalesce(cs.name, ds.name) AS fence_name, e.event, e.at, e.lat, e.lon, e.is_loaded
    FROM waste_fence_events e
    JOIN waste_trucks t ON t.id = e.truck_id
    LEFT JOIN waste_construction_sites cs ON e.fence_kind = 'construction_site' AND cs.id = e.fence_id
    LEFT JOIN waste_disposal_sites ds ON e.fence_kind = 'disposal_site' AND ds.id = e.fence_id
    WHERE (${regionFilter})
      ${query.truckId === undefined ? sql`` : sql`AND e.truck_id = ${query.truckId}`}
      ${query.fenceKind === undefined ? sql`` : sql`AND e.fence_kind = ${query.fenceKind}`}
      ${query.fenceId === undefined ? sql`` : sql`AND e.fence_id = ${query.fenceId}`}
      ${from === null ? sql`` : sql`AND e.at >= ${from}`}
      ${to === null ? sql`` : sql`AND e.at < ${to}`}
    ORDER BY e.at DESC, e.id DESC
    LIMIT ${query.limit ?? 500}
  `.execute(db);
  return {
    items: result.rows.map((r) => ({
      id: Number(r.id),
      truckId: r.truck_id,
      vehicleId: r.vehicle_id,
      plate: r.plate,
      fenceKind: r.fence_kind,
      fenceId: r.fence_id,
      fenceName: r.fence_name ?? `#${r.fence_id}`,
      event: r.event,
      at: new Date(r.at).toISOString(),
      lat: r.lat,
      lon: r.lon,
      isLoaded: r.is_loaded,
    })),
  };
}
