// Reading positions back: one vehicle's track over a time range, and the latest position of
// every vehicle in a map box (the command centre's vehicles layer).
import type {
  LatestPositionsQuery,
  VehiclePositionFeatureCollection,
  VehicleTrack,
  VehicleTrackQuery,
} from '@citygov/contracts';
import type { Principal } from '../../platform/auth/principal.ts';
import type { Db } from '../../platform/db/database.ts';
import { invalid } from '../../platform/errors.ts';
import { parseBbox } from '../../platform/geo/city.ts';
import { findReadableVehicle, positionViewOf, readablePrefixes } from './vehicles.ts';

/** The longest range one track request may span. */
export const MAX_TRACK_RANGE_MS = 24 * 3_600_000;
export const DEFAULT_TRACK_LIMIT = 5000;
export const DEFAULT_LATEST_LIMIT = 5000;

/** A vehicle's positions between from (inclusive) and to (exclusive), by device time. */
export async function getVehicleTrack(
  db: Db,
  principal: Principal,
  vehicleId: number,
  query: VehicleTrackQuery,
): Promise<VehicleTrack> {
  const from = new Date(query.from);
  const to = new Date(query.to);
  if (Number.isNaN(from.getTime())) throw invalid('from', 'from is not a valid time');
  if (Number.isNaN(to.getTime())) throw invalid('to', 'to is not a valid time');
  if (to.getTime() <= from.getTime()) throw invalid('to', 'to must be later than from');
  if (to.getTime() - from.getTime() > MAX_TRACK_RANGE_MS) {
    throw invalid('to', 'a track may span at most 24 hours; ask for several ranges');
  }
  await findReadableVehicle(db, principal, vehicleId);
  const limit = query.limit ?? DEFAULT_TRACK_LIMIT;
  const rows = await db
    .selectFrom('vehicle_positions')
    .select([
      'recorded_at',
      'received_at',
      'lat',
      'lon',
      'speed_kmh',
      'direction',
      'altitude_m',
      'alarm_bits',
      'status_bits',
      'is_blind_area',
    ])
    .where('vehicle_id', '=', vehicleId)
    .where('recorded_at', '>=', from)
    .where('recorded_at', '<', to)
    .orderBy('recorded_at')
    .orderBy('received_at')
    .limit(limit + 1)
    .execute();
  const isTruncated = rows.length > limit;
  if (isTruncated) rows.pop();
  return {
    vehicleId,
    from: from.toISOString(),
    to: to.toISOString(),
    points: rows.map((row) => ({ ...positionViewOf(row), isBlindArea: row.is_blind_area })),
    isTruncated,
  };
}

/** Latest positions of the caller's vehicles, in a box when given, as GeoJSON points. */
export async function listLatestPositions(
  db: Db,
  principal: Principal,
  query: LatestPositionsQuery,
): Promise<VehiclePositionFeatureCollection> {
  const prefixes = readablePrefixes(principal);
  const limit = query.limit ?? DEFAULT_LATEST_LIMIT;
  if (prefixes.length === 0) return { type: 'FeatureCollection', features: [], isTruncated: false };
  let select = db
    .selectFrom('vehicle_latest_positions as l')
    .innerJoin('vehicles as v', 'v.id', 'l.vehicle_id')
    .where((eb) => eb.or(prefixes.map((p) => eb('v.region_code', 'like', `${p}%`))))
    .where('v.status', '<>', 'retired');
  if (query.bbox !== undefined) {
    const [minLon, minLat, maxLon, maxLat] = parseBbox(query.bbox);
    select = select
      .where('l.lat', '>=', minLat)
      .where('l.lat', '<=', maxLat)
      .where('l.lon', '>=', minLon)
      .where('l.lon', '<=', maxLon);
  }
  const rows = await select
    .select([
      'v.id',
      'v.plate',
      'v.region_code',
      'v.company',
      'l.recorded_at',
      'l.received_at',
      'l.lat',
      'l.lon',
      'l.speed_kmh',
      'l.direction',
      'l.altitude_m',
      'l.alarm_bits',
      'l.status_bits',
    ])
    .orderBy('v.id')
    .limit(limit + 1)
    .execute();
  const isTruncated = rows.length > limit;
  if (isTruncated) rows.pop();
  return {
    type: 'FeatureCollection',
    features: rows.map((row) => ({
      type: 'Feature',
      id: row.id,
      geometry: { type: 'Point', coordinates: [row.lon, row.lat] },
      properties: {
        vehicleId: row.id,
        plate: row.plate,
        regionCode: row.region_code,
        company: row.company,
        ...positionViewOf(row),
      },
    })),
    isTruncated,
  };
}
