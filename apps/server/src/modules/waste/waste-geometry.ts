// Checks and measures of the registry's geometry: WGS-84 GeoJSON polygons (fences) and
// linestrings (routes), kept whole in jsonb with their boxes beside them (DESIGN.md).
import type { GeoLineString, GeoPolygon, LonLat } from '@citygov/contracts';
import { isInsideCity } from '../../platform/geo/city.ts';
import { invalid } from '../../platform/errors.ts';

export type Box = [number, number, number, number];

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres between two [lon, lat] points. */
export function distanceM(a: LonLat, b: LonLat): number {
  const dLat = rad(b[1] - a[1]);
  const dLon = rad(b[0] - a[0]);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** [minLon, minLat, maxLon, maxLat] of a list of points. */
export function boxOf(points: readonly LonLat[]): Box {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of points) {
    minLon = Math.min(minLon, lon);
    minLat = Math.min(minLat, lat);
    maxLon = Math.max(maxLon, lon);
    maxLat = Math.max(maxLat, lat);
  }
  return [minLon, minLat, maxLon, maxLat];
}

/** Signed area of a ring in square metres (local equirectangular projection). */
function ringAreaM2(ring: readonly LonLat[]): number {
  const lat0 = rad(ring[0]![1]);
  const x = (p: LonLat) => rad(p[0]) * EARTH_RADIUS_M * Math.cos(lat0);
  const y = (p: LonLat) => rad(p[1]) * EARTH_RADIUS_M;
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    sum += x(ring[i]!) * y(ring[i + 1]!) - x(ring[i + 1]!) * y(ring[i]!);
  }
  return sum / 2;
}

const samePoint = (a: LonLat, b: LonLat) => a[0] === b[0] && a[1] === b[1];

function checkInsideCity(points: readonly LonLat[], field: string) {
  for (const [i, [lon, lat]] of points.entries()) {
    if (!isInsideCity(lon, lat)) {
      throw invalid(
        field,
        `${field}: point ${i} (${lon}, ${lat}) lies outside Chongqing (WGS-84, longitude first)`,
      );
    }
  }
}

const MAX_FENCE_AREA_M2 = 50_000_000; // 50 km²: a site or a landfill, not a district

/**
 * A fence as stored: every ring closed (a missing closing point is added), inside the city,
 * with an area between 10 m² and 50 km². 400 naming `field` otherwise.
 */
export function checkFence(polygon: GeoPolygon, field = 'fence'): GeoPolygon {
  const rings = polygon.coordinates.map((ring, r) => {
    const closed = samePoint(ring[0]!, ring[ring.length - 1]!) ? ring : [...ring, ring[0]!];
    if (closed.length < 4) {
      throw invalid(field, `${field}: ring ${r} needs at least three distinct points`);
    }
    checkInsideCity(closed, field);
    return closed;
  });
  const area = Math.abs(ringAreaM2(rings[0]!));
  if (area < 10) throw invalid(field, `${field}: the outer ring encloses no area`);
  if (area > MAX_FENCE_AREA_M2) {
    throw invalid(
      field,
      `${field}: the fence encloses ${Math.round(area / 1e6)} km², more than 50 km²`,
    );
  }
  return { type: 'Polygon', coordinates: rings };
}

/** A route's path: inside the city, at least 50 m long. Returns its length in metres. */
export function checkPath(line: GeoLineString, field = 'path'): number {
  checkInsideCity(line.coordinates, field);
  const length = lengthM(line);
  if (length < 50) throw invalid(field, `${field}: the path is shorter than 50 m`);
  return length;
}

export function lengthM(line: GeoLineString): number {
  let sum = 0;
  for (let i = 1; i < line.coordinates.length; i++) {
    sum += distanceM(line.coordinates[i - 1]!, line.coordinates[i]!);
  }
  return sum;
}

/** The mean of a fence's outer ring (without the closing point): a representative point. */
export function centreOf(polygon: GeoPolygon): { lat: number; lon: number } {
  const ring = polygon.coordinates[0]!.slice(0, -1);
  const lon = ring.reduce((s, p) => s + p[0], 0) / ring.length;
  const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  return { lat, lon };
}

/** Whether [lon, lat] lies inside the polygon (even-odd over every ring: holes excluded). */
export function isInsidePolygon(point: LonLat, polygon: GeoPolygon): boolean {
  const [x, y] = point;
  let inside = false;
  for (const ring of polygon.coordinates) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** The box columns of a row. */
export const boxColumns = (box: Box) => ({
  min_lon: box[0],
  min_lat: box[1],
  max_lon: box[2],
  max_lat: box[3],
});
