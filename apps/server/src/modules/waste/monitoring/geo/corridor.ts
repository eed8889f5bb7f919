// A route's corridor: the points within a distance of its polyline, in metres on a local
// projection of WGS-84. Long routes index their segments (Flatbush over segment boxes), and a
// caller passes the segment that matched last time, which a truck moving along the route
// usually still is on: the common case is one distance computation.
import Flatbush from 'flatbush';
import { LocalProjection } from './wgs84.ts';
import type { Box } from './polygon.ts';

/** Below this many segments a linear scan is faster than the index. */
const INDEX_FROM_SEGMENTS = 24;

/** Squared distance from (px, py) to the segment (ax, ay)–(bx, by). */
function segmentDistanceSq(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSq = dx * dx + dy * dy;
  let t = lengthSq === 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / lengthSq;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

export class PreparedCorridor implements Box {
  readonly #projection: LocalProjection;
  /** x, y (metres) of each vertex. */
  readonly #xy: Float64Array;
  readonly #segments: number;
  readonly #index: Flatbush | null;
  /** Metres either side of the line. */
  readonly halfWidthM: number;
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;

  constructor(line: ReadonlyArray<readonly number[]>, halfWidthM: number) {
    if (line.length < 2) throw new Error('a route needs at least 2 points');
    if (!(halfWidthM > 0)) throw new Error('a corridor needs a positive width');
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    for (const point of line) {
      const lon = Number(point[0]);
      const lat = Number(point[1]);
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
        throw new Error('a route point is not a number');
      }
      if (lon < minLon) minLon = lon;
      if (lon > maxLon) maxLon = lon;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
    this.#projection = new LocalProjection((minLon + maxLon) / 2, (minLat + maxLat) / 2);
    const p = this.#projection;
    this.#xy = new Float64Array(line.length * 2);
    line.forEach((point, i) => {
      this.#xy[i * 2] = p.x(Number(point[0]));
      this.#xy[i * 2 + 1] = p.y(Number(point[1]));
    });
    this.#segments = line.length - 1;
    this.halfWidthM = halfWidthM;
    // The box grown by the half width, in degrees (for the caller's coarse checks).
    const padLon = halfWidthM / p.kx;
    const padLat = halfWidthM / p.ky;
    this.minLon = minLon - padLon;
    this.minLat = minLat - padLat;
    this.maxLon = maxLon + padLon;
    this.maxLat = maxLat + padLat;
    this.#index = this.#segments >= INDEX_FROM_SEGMENTS ? this.#buildIndex() : null;
  }

  get segmentCount(): number {
    return this.#segments;
  }

  #buildIndex(): Flatbush {
    const index = new Flatbush(this.#segments);
    const xy = this.#xy;
    for (let s = 0; s < this.#segments; s++) {
      const ax = xy[s * 2]!;
      const ay = xy[s * 2 + 1]!;
      const bx = xy[s * 2 + 2]!;
      const by = xy[s * 2 + 3]!;
      index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    }
    index.finish();
    return index;
  }

  #segmentDistanceSq(s: number, x: number, y: number): number {
    const xy = this.#xy;
    return segmentDistanceSq(x, y, xy[s * 2]!, xy[s * 2 + 1]!, xy[s * 2 + 2]!, xy[s * 2 + 3]!);
  }

  /** Distance in metres from a point to the line. */
  distanceM(lon: number, lat: number): number {
    const x = this.#projection.x(lon);
    const y = this.#projection.y(lat);
    let best = Infinity;
    for (let s = 0; s < this.#segments; s++) {
      const d = this.#segmentDistanceSq(s, x, y);
      if (d < best) best = d;
    }
    return Math.sqrt(best);
  }

  /**
   * The index of a segment within halfWidthM + toleranceM of the point, or -1 when the point is
   * outside the corridor. `hint` (the segment that matched last) is tried first.
   */
  findSegmentWithin(lon: number, lat: number, toleranceM = 0, hint = -1): number {
    const reach = this.halfWidthM + toleranceM;
    const reachSq = reach * reach;
    const x = this.#projection.x(lon);
    const y = this.#projection.y(lat);
    if (hint >= 0 && hint < this.#segments && this.#segmentDistanceSq(hint, x, y) <= reachSq) {
      return hint;
    }
    if (this.#index === null) {
      for (let s = 0; s < this.#segments; s++) {
        if (this.#segmentDistanceSq(s, x, y) <= reachSq) return s;
      }
      return -1;
    }
    let found = -1;
    this.#index.search(x - reach, y - reach, x + reach, y + reach, (s) => {
      if (found === -1 && this.#segmentDistanceSq(s, x, y) <= reachSq) found = s;
      return false;
    });
    return found;
  }
}
