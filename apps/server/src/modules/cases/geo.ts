// Plane and sphere geometry for unit grids: small polygons (hundreds of metres) in WGS-84
// degrees, so distances use a local equirectangular projection and areas the spherical formula.

/** [lon, lat] (GeoJSON order). */
export type Position = readonly [number, number];
/** The exterior ring first, then holes; each ring closed. */
export type PolygonRings = ReadonlyArray<ReadonlyArray<Position>>;
import type { Bbox } from '../../platform/geo/city.ts';
export { cityBounds, isInsideCity, type Bbox } from '../../platform/geo/city.ts';

/** Mean earth radius (IUGG), metres. */
export const EARTH_RADIUS_M = 6_371_008.8;
export const METRES_PER_DEGREE_LAT = (Math.PI * EARTH_RADIUS_M) / 180;
const toRad = (deg: number) => (deg * Math.PI) / 180;

export const metresPerDegreeLon = (lat: number) => METRES_PER_DEGREE_LAT * Math.cos(toRad(lat));

/** Rounds a coordinate to 1e-7 degrees (about 1 cm), the precision we store. */
export const roundCoord = (value: number) => Math.round(value * 1e7) / 1e7;

/** Distance in metres between two nearby points (equirectangular; exact enough under 10 km). */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dx = (lon2 - lon1) * metresPerDegreeLon((lat1 + lat2) / 2);
  const dy = (lat2 - lat1) * METRES_PER_DEGREE_LAT;
  return Math.hypot(dx, dy);
}

/** The area of a ring on the sphere, m² (unsigned; Chamberlain & Duquette 2007). */
export function ringAreaM2(ring: ReadonlyArray<Position>): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [lon1, lat1] = ring[i]!;
    const [lon2, lat2] = ring[i + 1]!;
    sum += toRad(lon2 - lon1) * (2 + Math.sin(toRad(lat1)) + Math.sin(toRad(lat2)));
  }
  return Math.abs((sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** The polygon's area: its exterior ring less its holes, m². */
export function polygonAreaM2(rings: PolygonRings): number {
  let area = 0;
  rings.forEach((ring, i) => {
    area += i === 0 ? ringAreaM2(ring) : -ringAreaM2(ring);
  });
  return Math.max(0, area);
}

export function bboxOf(rings: PolygonRings): Bbox {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of rings[0] ?? []) {
    if (lon < minLon) minLon = lon;
    if (lat < minLat) minLat = lat;
    if (lon > maxLon) maxLon = lon;
    if (lat > maxLat) maxLat = lat;
  }
  return [minLon, minLat, maxLon, maxLat];
}

/** The area-weighted centroid (planar in degrees: fine at grid size), [lon, lat]. */
export function centroidOf(rings: PolygonRings): Position {
  let area = 0;
  let cx = 0;
  let cy = 0;
  rings.forEach((ring, r) => {
    // Orientation varies between rings: weigh each ring by its absolute area, holes negative.
    const ringSign = (r === 0 ? 1 : -1) * Math.sign(signedArea(ring) || 1);
    const [ox, oy] = ring[0] ?? [0, 0];
    for (let i = 0; i + 1 < ring.length; i++) {
      const x1 = ring[i]![0] - ox;
      const y1 = ring[i]![1] - oy;
      const x2 = ring[i + 1]![0] - ox;
      const y2 = ring[i + 1]![1] - oy;
      const cross = x1 * y2 - x2 * y1;
      area += (ringSign * cross) / 2;
      cx += (ringSign * (x1 + x2 + 2 * ox) * cross) / 6;
      cy += (ringSign * (y1 + y2 + 2 * oy) * cross) / 6;
    }
  });
  if (Math.abs(area) < 1e-18) {
    const ring = rings[0] ?? [];
    const n = Math.max(1, ring.length - 1);
    let x = 0;
    let y = 0;
    for (let i = 0; i < n; i++) {
      x += ring[i]?.[0] ?? 0;
      y += ring[i]?.[1] ?? 0;
    }
    return [x / n, y / n];
  }
  return [cx / area, cy / area];
}

function signedArea(ring: ReadonlyArray<Position>): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    sum += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  }
  return sum / 2;
}

// About 1 cm: a point this close to an edge counts as on it.
const EDGE_EPSILON_DEG = 1e-7;

function isOnSegment(px: number, py: number, a: Position, b: Position): boolean {
  const [ax, ay] = a;
  const [bx, by] = b;
  if (
    px < Math.min(ax, bx) - EDGE_EPSILON_DEG ||
    px > Math.max(ax, bx) + EDGE_EPSILON_DEG ||
    py < Math.min(ay, by) - EDGE_EPSILON_DEG ||
    py > Math.max(ay, by) + EDGE_EPSILON_DEG
  ) {
    return false;
  }
  const length = Math.hypot(bx - ax, by - ay);
  if (length === 0) return Math.hypot(px - ax, py - ay) <= EDGE_EPSILON_DEG;
  const cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  return Math.abs(cross) / length <= EDGE_EPSILON_DEG;
}

/** Even-odd test of one ring (the point is known not to lie on its boundary). */
function isInsideRing(px: number, py: number, ring: ReadonlyArray<Position>): boolean {
  let isInside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) isInside = !isInside;
  }
  return isInside;
}

/** Whether the point lies in the polygon, its boundary (and its holes' boundaries) included. */
export function isPointInPolygon(lon: number, lat: number, rings: PolygonRings): boolean {
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      if (isOnSegment(lon, lat, ring[i]!, ring[i + 1]!)) return true;
    }
  }
  const [outer, ...holes] = rings;
  if (!outer || !isInsideRing(lon, lat, outer)) return false;
  return !holes.some((hole) => isInsideRing(lon, lat, hole));
}

/** Distance in metres from the point to the polygon: 0 inside, else to the nearest edge. */
export function distanceToPolygonM(lon: number, lat: number, rings: PolygonRings): number {
  if (isPointInPolygon(lon, lat, rings)) return 0;
  const kx = metresPerDegreeLon(lat);
  const ky = METRES_PER_DEGREE_LAT;
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const ax = (ring[i]![0] - lon) * kx;
      const ay = (ring[i]![1] - lat) * ky;
      const bx = (ring[i + 1]![0] - lon) * kx;
      const by = (ring[i + 1]![1] - lat) * ky;
      const dx = bx - ax;
      const dy = by - ay;
      const lengthSq = dx * dx + dy * dy;
      const t = lengthSq === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / lengthSq));
      const d = Math.hypot(ax + t * dx, ay + t * dy);
      if (d < best) best = d;
    }
  }
  return best;
}

function orientation(a: Position, b: Position, c: Position): number {
  const value = (b[1] - a[1]) * (c[0] - b[0]) - (b[0] - a[0]) * (c[1] - b[1]);
  if (Math.abs(value) < 1e-18) return 0;
  return value > 0 ? 1 : 2;
}

function isWithinSegmentBox(a: Position, b: Position, c: Position): boolean {
  return (
    b[0] <= Math.max(a[0], c[0]) &&
    b[0] >= Math.min(a[0], c[0]) &&
    b[1] <= Math.max(a[1], c[1]) &&
    b[1] >= Math.min(a[1], c[1])
  );
}

function doSegmentsIntersect(p1: Position, q1: Position, p2: Position, q2: Position): boolean {
  const o1 = orientation(p1, q1, p2);
  const o2 = orientation(p1, q1, q2);
  const o3 = orientation(p2, q2, p1);
  const o4 = orientation(p2, q2, q1);
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && isWithinSegmentBox(p1, p2, q1)) ||
    (o2 === 0 && isWithinSegmentBox(p1, q2, q1)) ||
    (o3 === 0 && isWithinSegmentBox(p2, p1, q2)) ||
    (o4 === 0 && isWithinSegmentBox(p2, q1, q2))
  );
}

/** Where a closed ring crosses itself (two non-adjacent edges meet), or null when simple. */
export function findSelfIntersection(ring: ReadonlyArray<Position>): Position | null {
  const edges = ring.length - 1;
  for (let i = 0; i < edges; i++) {
    for (let j = i + 2; j < edges; j++) {
      if (i === 0 && j === edges - 1) continue; // first and last edge share the closing vertex
      if (doSegmentsIntersect(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return ring[j]!;
    }
  }
  return null;
}
