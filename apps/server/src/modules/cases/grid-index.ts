// The in-memory spatial index of unit grids (Flatbush over their bboxes), one per database.
// Built on first use and rebuilt when the grids change: at once in this process, and within
// REVISION_RECHECK_MS in the others (each change bumps grid_revision).
//
// The index lives as long as the process, so its shape is chosen for the garbage collector,
// whose every major collection marks it through: a grid is one object and a few strings. Its
// polygon stays the GeoJSON text PostgreSQL wrote (a string holds no references to follow) and
// is parsed for the few candidates a lookup tests; the district, street and community codes
// are shared between grids. As nested arrays, 53,000 grids were some 1.3 million objects, 46 MB.
import Flatbush from 'flatbush';
import { sql } from 'kysely';
import type { PolygonGeometry } from '@citygov/contracts';
import type { Db } from '../../platform/db/database.ts';
import {
  distanceToPolygonM,
  isPointInPolygon,
  METRES_PER_DEGREE_LAT,
  metresPerDegreeLon,
  type Bbox,
  type PolygonRings,
} from './geo.ts';

export interface IndexedGrid {
  code: string;
  name: string;
  regionCode: string;
  streetCode: string;
  communityCode: string;
  /** The polygon's GeoJSON text (polygonOf parses it). */
  polygonJson: string;
  areaM2: number;
}

/** The grid's polygon (GeoJSON), parsed from its text on each call. */
export const polygonOf = (grid: IndexedGrid) => JSON.parse(grid.polygonJson) as PolygonGeometry;

export interface GridIndex {
  revision: number;
  /** In code order. */
  grids: IndexedGrid[];
  tree: Flatbush | null;
}

export interface GridMatch {
  grid: IndexedGrid;
  match: 'inside' | 'nearest';
  distanceM: number;
}

const REVISION_RECHECK_MS = 5_000;

interface IndexState {
  index: GridIndex | null;
  loading: Promise<GridIndex> | null;
  checkedAt: number;
  /** Bumped by invalidation, so that a build begun before a change is not kept after it. */
  generation: number;
}

const states = new WeakMap<Db, IndexState>();

const stateOf = (db: Db): IndexState => {
  let state = states.get(db);
  if (!state) {
    state = { index: null, loading: null, checkedAt: 0, generation: 0 };
    states.set(db, state);
  }
  return state;
};

async function readRevision(db: Db): Promise<number> {
  const row = await db.selectFrom('grid_revision').select('revision').executeTakeFirst();
  return Number(row?.revision ?? 0);
}

async function buildIndex(db: Db): Promise<GridIndex> {
  const revision = await readRevision(db);
  const rows = await db
    .selectFrom('grids')
    .select([
      'code',
      'name',
      'region_code',
      'street_code',
      'community_code',
      sql<string>`polygon::text`.as('polygon_json'),
      'min_lon',
      'min_lat',
      'max_lon',
      'max_lat',
      'area_m2',
    ])
    .orderBy('code')
    .execute();
  const codes = new Map<string, string>();
  const shared = (code: string) => {
    const known = codes.get(code);
    if (known !== undefined) return known;
    codes.set(code, code);
    return code;
  };
  const grids = rows.map((r): IndexedGrid => ({
    code: r.code,
    name: r.name,
    regionCode: shared(r.region_code),
    streetCode: shared(r.street_code),
    communityCode: shared(r.community_code),
    polygonJson: r.polygon_json,
    areaM2: r.area_m2,
  }));
  let tree: Flatbush | null = null;
  if (rows.length > 0) {
    tree = new Flatbush(rows.length);
    for (const r of rows) tree.add(r.min_lon, r.min_lat, r.max_lon, r.max_lat);
    tree.finish();
  }
  return { revision, grids, tree };
}

/** The current index of `db` (the root handle, not a transaction), built when missing or stale. */
export async function getGridIndex(db: Db): Promise<GridIndex> {
  const state = stateOf(db);
  if (state.loading) return state.loading;
  if (state.index && Date.now() - state.checkedAt < REVISION_RECHECK_MS) return state.index;
  if (state.index && (await readRevision(db)) === state.index.revision) {
    state.checkedAt = Date.now();
    return state.index;
  }
  if (state.loading) return state.loading;
  const generation = state.generation;
  const loading = buildIndex(db);
  state.loading = loading;
  try {
    const index = await loading;
    if (state.generation === generation) {
      state.index = index;
      state.checkedAt = Date.now();
    }
    return index;
  } finally {
    if (state.loading === loading) state.loading = null;
  }
}

/** Drops this process's index of `db`; the next use rebuilds it (call after changing grids). */
export function invalidateGridIndex(db: Db) {
  const state = stateOf(db);
  state.index = null;
  state.loading = null;
  state.checkedAt = 0;
  state.generation++;
}

/** Bumps the revision other processes watch; call inside the transaction that changes grids. */
export async function bumpGridRevision(trx: Db): Promise<void> {
  await trx
    .updateTable('grid_revision')
    .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: new Date() }))
    .execute();
}

const ringsOf = (grid: IndexedGrid) => polygonOf(grid).coordinates as unknown as PolygonRings;

/**
 * The grid containing the point (on a shared edge: the lowest code), else the nearest one
 * within toleranceM metres, else null.
 */
export function findGrid(
  index: GridIndex,
  lon: number,
  lat: number,
  toleranceM: number,
): GridMatch | null {
  const { tree, grids } = index;
  if (!tree) return null;
  // search() answers in tree order: sort the candidates so that ties resolve by code.
  const containing = tree
    .search(lon, lat, lon, lat)
    .sort((a, b) => a - b)
    .find((i) => isPointInPolygon(lon, lat, ringsOf(grids[i]!)));
  if (containing !== undefined) {
    return { grid: grids[containing]!, match: 'inside', distanceM: 0 };
  }
  if (toleranceM <= 0) return null;
  const dLat = toleranceM / METRES_PER_DEGREE_LAT;
  const dLon = toleranceM / metresPerDegreeLon(lat);
  let best: GridMatch | null = null;
  for (const i of tree
    .search(lon - dLon, lat - dLat, lon + dLon, lat + dLat)
    .sort((a, b) => a - b)) {
    const grid = grids[i]!;
    const distance = distanceToPolygonM(lon, lat, ringsOf(grid));
    if (distance <= toleranceM && (!best || distance < best.distanceM)) {
      best = { grid, match: 'nearest', distanceM: Math.round(distance * 10) / 10 };
    }
  }
  return best;
}

/** The grids whose bboxes meet the box, in code order, at most `limit` (and whether more). */
export function searchGrids(index: GridIndex, box: Bbox, limit: number) {
  if (!index.tree) return { grids: [] as IndexedGrid[], isTruncated: false };
  const hits = index.tree.search(box[0], box[1], box[2], box[3]).sort((a, b) => a - b);
  return {
    grids: hits.slice(0, limit).map((i) => index.grids[i]!),
    isTruncated: hits.length > limit,
  };
}
