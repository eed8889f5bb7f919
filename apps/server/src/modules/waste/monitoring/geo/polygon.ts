// A polygon prepared for fast point-in-polygon tests: rings flattened into one Float64Array,
// the box kept beside it. Ray casting in degrees: an inside test is unchanged by the (locally
// affine) projection to metres, so no projection is needed for it.

export type Ring = ReadonlyArray<readonly [number, number] | readonly number[]>;

export interface Box {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

export class PreparedPolygon implements Box {
  /** lon, lat pairs of every ring, one after another. */
  readonly #coords: Float64Array;
  /** Offset (in pairs) where each ring starts, plus the total at the end. */
  readonly #ringStarts: Int32Array;
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;

  /** Outer ring first, holes after (GeoJSON Polygon coordinates). */
  constructor(rings: readonly Ring[]) {
    let total = 0;
    for (const ring of rings) total += ring.length;
    this.#coords = new Float64Array(total * 2);
    this.#ringStarts = new Int32Array(rings.length + 1);
    let minLon = Infinity;
    let minLat = Infinity;
    let maxLon = -Infinity;
    let maxLat = -Infinity;
    let at = 0;
    rings.forEach((ring, r) => {
      this.#ringStarts[r] = at;
      for (const point of ring) {
        const lon = Number(point[0]);
        const lat = Number(point[1]);
        if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
          throw new Error(`ring ${r} has a point that is not a number`);
        }
        this.#coords[at * 2] = lon;
        this.#coords[at * 2 + 1] = lat;
        at++;
        // Holes lie within the outer ring: the outer ring alone gives the box.
        if (r === 0) {
          if (lon < minLon) minLon = lon;
          if (lon > maxLon) maxLon = lon;
          if (lat < minLat) minLat = lat;
          if (lat > maxLat) maxLat = lat;
        }
      }
    });
    this.#ringStarts[rings.length] = at;
    if (rings.length === 0 || rings[0]!.length < 3) {
      throw new Error('a polygon needs an outer ring of at least 3 points');
    }
    this.minLon = minLon;
    this.minLat = minLat;
    this.maxLon = maxLon;
    this.maxLat = maxLat;
  }

  /** Inside the outer ring and outside every hole (a point exactly on an edge may go either way). */
  contains(lon: number, lat: number): boolean {
    if (lon < this.minLon || lon > this.maxLon || lat < this.minLat || lat > this.maxLat) {
      return false;
    }
    // Even-odd over all rings: crossing a hole's edge flips back to outside.
    const c = this.#coords;
    const starts = this.#ringStarts;
    let inside = false;
    for (let r = 0; r < starts.length - 1; r++) {
      const start = starts[r]!;
      const end = starts[r + 1]!;
      for (let i = start, j = end - 1; i < end; j = i++) {
        const xi = c[i * 2]!;
        const yi = c[i * 2 + 1]!;
        const xj = c[j * 2]!;
        const yj = c[j * 2 + 1]!;
        if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
    }
    return inside;
  }
}
