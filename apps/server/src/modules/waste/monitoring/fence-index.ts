// The geofences of construction sites and disposal sites in one static spatial index, and the
// routes' corridors by route id. Built whole from the registry and swapped in when a fence
// changes: a position's lookup never waits for a build. An R-tree (Flatbush) over the fences'
// boxes answers box queries; a position's lookup goes through a grid of ~500 m cells listing
// the fences whose boxes meet each cell: one map lookup plus a box test and a ray cast per
// fence listed (constant time, no allocation: a Flatbush point search allocates its result
// and queue arrays on every call, which showed as garbage collection in bench waste-rules).
import Flatbush from 'flatbush';
import type { WasteFenceKind } from '@citygov/contracts';
import { PreparedCorridor } from './geo/corridor.ts';
import { PreparedPolygon, type Ring } from './geo/polygon.ts';

export interface FenceInput {
  kind: WasteFenceKind;
  id: number;
  name: string;
  regionCode: string;
  /** GeoJSON Polygon coordinates (outer ring first), WGS-84. */
  rings: readonly Ring[];
}

export interface RouteInput {
  id: number;
  name: string;
  constructionSiteId: number;
  disposalSiteId: number;
  /** GeoJSON LineString coordinates, WGS-84. */
  line: ReadonlyArray<readonly number[]>;
  /** Metres either side of the line. */
  halfWidthM: number;
}

export interface Fence {
  /** Position in the index (stable for one build). */
  index: number;
  kind: WasteFenceKind;
  id: number;
  name: string;
  regionCode: string;
  polygon: PreparedPolygon;
}

export interface IndexedRoute extends Omit<RouteInput, 'line' | 'halfWidthM'> {
  corridor: PreparedCorridor;
}

export interface FenceBuildProblem {
  kind: WasteFenceKind | 'route';
  id: number;
  message: string;
}

export class FenceIndex {
  readonly fences: readonly Fence[];
  readonly #tree: Flatbush | null;
  /** Fences to test per grid cell (the point lookup's shortcut), and those tested everywhere. */
  readonly #cells = new Map<number, Int32Array>();
  #large = new Int32Array(0);
  readonly #routes: ReadonlyMap<number, IndexedRoute>;
  /** Fences and routes left out because their geometry is unusable. */
  readonly problems: readonly FenceBuildProblem[];
  /** What the index was built from (the registry's change marker). */
  readonly revision: string;

  constructor(fences: readonly FenceInput[], routes: readonly RouteInput[], revision = '') {
    const problems: FenceBuildProblem[] = [];
    const prepared: Fence[] = [];
    for (const input of fences) {
      try {
        const polygon = new PreparedPolygon(input.rings);
        prepared.push({
          index: prepared.length,
          kind: input.kind,
          id: input.id,
          name: input.name,
          regionCode: input.regionCode,
          polygon,
        });
      } catch (error) {
        problems.push({ kind: input.kind, id: input.id, message: (error as Error).message });
      }
    }
    this.fences = prepared;
    if (prepared.length > 0) {
      const tree = new Flatbush(prepared.length);
      for (const { polygon: p } of prepared) tree.add(p.minLon, p.minLat, p.maxLon, p.maxLat);
      tree.finish();
      this.#tree = tree;
    } else {
      this.#tree = null;
    }
    this.#fillCells();
    const indexed = new Map<number, IndexedRoute>();
    for (const route of routes) {
      try {
        indexed.set(route.id, {
          id: route.id,
          name: route.name,
          constructionSiteId: route.constructionSiteId,
          disposalSiteId: route.disposalSiteId,
          corridor: new PreparedCorridor(route.line, route.halfWidthM),
        });
      } catch (error) {
        problems.push({ kind: 'route', id: route.id, message: (error as Error).message });
      }
    }
    this.#routes = indexed;
    this.problems = problems;
    this.revision = revision;
  }

  get routeCount(): number {
    return this.#routes.size;
  }

  route(id: number): IndexedRoute | undefined {
    return this.#routes.get(id);
  }

  /**
   * Writes the indexes of the fences containing the point into `out` (reused by the caller,
   * so a lookup allocates nothing) in ascending order; returns how many. One map lookup for
   * the point's cell, then a box test and a ray cast per fence listed there.
   */
  findContaining(lon: number, lat: number, out: number[]): number {
    out.length = 0;
    const fences = this.fences;
    const cell = this.#cells.get(cellKey(Math.floor(lon / CELL_DEG), Math.floor(lat / CELL_DEG)));
    if (cell !== undefined) {
      for (let k = 0; k < cell.length; k++) {
        const i = cell[k]!;
        if (fences[i]!.polygon.contains(lon, lat)) out.push(i);
      }
    }
    const large = this.#large;
    for (let k = 0; k < large.length; k++) {
      const i = large[k]!;
      if (fences[i]!.polygon.contains(lon, lat)) out.push(i);
    }
    if (out.length > 1) out.sort((a, b) => a - b);
    return out.length;
  }

  /** Indexes of the fences whose boxes meet a box (WGS-84 degrees), through the R-tree. */
  findInBox(minLon: number, minLat: number, maxLon: number, maxLat: number): number[] {
    return this.#tree === null ? [] : this.#tree.search(minLon, minLat, maxLon, maxLat);
  }

  /**
   * Lists, for every grid cell some fence's box meets, the fences to test there; a fence
   * spanning very many cells is tested everywhere instead.
   */
  #fillCells(): void {
    const large: number[] = [];
    const lists = new Map<number, number[]>();
    for (const { index, polygon: p } of this.fences) {
      const x0 = Math.floor(p.minLon / CELL_DEG);
      const x1 = Math.floor(p.maxLon / CELL_DEG);
      const y0 = Math.floor(p.minLat / CELL_DEG);
      const y1 = Math.floor(p.maxLat / CELL_DEG);
      if ((x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS_PER_FENCE) {
        large.push(index);
        continue;
      }
      for (let x = x0; x <= x1; x++) {
        for (let y = y0; y <= y1; y++) {
          const key = cellKey(x, y);
          const list = lists.get(key);
          if (list === undefined) lists.set(key, [index]);
          else list.push(index); // fences come in index order: each list stays sorted
        }
      }
    }
    for (const [key, list] of lists) this.#cells.set(key, Int32Array.from(list));
    this.#large = Int32Array.from(large);
  }
}

/** Grid cells of about 500 m: a few fences per cell in a dense city centre. */
const CELL_DEG = 0.005;
const MAX_CELLS_PER_FENCE = 400;
// Cell coordinates made non-negative and packed into one safe integer.
const CELL_KEY_OFFSET = 100_000;
const CELL_KEY_SPAN = 1_000_000;
const cellKey = (x: number, y: number) =>
  (x + CELL_KEY_OFFSET) * CELL_KEY_SPAN + (y + CELL_KEY_OFFSET);

export const emptyFenceIndex = new FenceIndex([], [], 'empty');
