// The geofences of construction sites and disposal sites in one static spatial index
// (Flatbush over their boxes), and the routes' corridors by route id. Built whole from the
// registry and swapped in when a fence changes: a position's lookup never waits for a build.
// A lookup is O(log n) in the number of fences plus an exact ray cast per box it falls in.
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
   * so a lookup allocates next to nothing) in ascending order; returns how many.
   */
  findContaining(lon: number, lat: number, out: number[]): number {
    out.length = 0;
    if (this.#tree === null) return 0;
    const fences = this.fences;
    this.#tree.search(lon, lat, lon, lat, (i) => {
      if (fences[i]!.polygon.contains(lon, lat)) out.push(i);
      return false;
    });
    if (out.length > 1) out.sort((a, b) => a - b);
    return out.length;
  }
}

export const emptyFenceIndex = new FenceIndex([], [], 'empty');
