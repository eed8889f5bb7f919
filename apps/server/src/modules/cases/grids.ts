// Unit grids: point → grid lookup, grids in a map box, one grid's detail.
import type { GridDetail, GridFeatureCollection, GridLookupResult } from '@citygov/contracts';
import type { Db } from '../../platform/db/database.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { cityBounds, isInsideCity, type Bbox } from './geo.ts';
export { parseBbox } from '../../platform/geo/city.ts';
import { findGrid, getGridIndex, polygonOf, searchGrids, type IndexedGrid } from './grid-index.ts';
import { casesSettings } from './settings.ts';

export interface LookupOptions {
  /** Metres; the module setting (GRID_TOLERANCE_M, default 200) when omitted. */
  toleranceM?: number;
  /** The request field the point came from, named in errors (default 'location'). */
  field?: string;
}

const cityText = `${cityBounds.minLat}–${cityBounds.maxLat} N, ${cityBounds.minLon}–${cityBounds.maxLon} E`;

/** 400 unless the point lies within Chongqing's extent. */
export function assertInsideCity(point: { lat: number; lon: number }, field = 'location') {
  if (
    !Number.isFinite(point.lat) ||
    !Number.isFinite(point.lon) ||
    !isInsideCity(point.lon, point.lat)
  ) {
    throw new AppError(
      'validation_failed',
      `${field} (${point.lat}, ${point.lon}) lies outside Chongqing (${cityText})`,
      { field, reason: 'outside_city', bounds: cityBounds },
    );
  }
}

export const gridSummaryOf = (g: IndexedGrid) => ({
  code: g.code,
  name: g.name,
  regionCode: g.regionCode,
  streetCode: g.streetCode,
  communityCode: g.communityCode,
});

/**
 * The unit grid of a point (WGS-84): the grid containing it, else the nearest within the
 * tolerance. Refuses (validation_failed naming the field) a point outside the city or too far
 * from every grid. Pass the root database handle (the index is kept per handle).
 */
export async function lookupGrid(
  db: Db,
  point: { lat: number; lon: number },
  options: LookupOptions = {},
): Promise<GridLookupResult> {
  const field = options.field ?? 'location';
  assertInsideCity(point, field);
  const toleranceM = options.toleranceM ?? casesSettings().gridToleranceM;
  const index = await getGridIndex(db);
  const found = findGrid(index, point.lon, point.lat, toleranceM);
  if (!found) {
    throw new AppError(
      'validation_failed',
      index.grids.length === 0
        ? `${field}: no unit grids are loaded yet, so no point can be placed in one`
        : `${field} (${point.lat}, ${point.lon}) lies in no unit grid and none is within ${toleranceM} m; pick a point in the city's gridded area`,
      { field, reason: 'outside_grids', toleranceM },
    );
  }
  return { grid: gridSummaryOf(found.grid), match: found.match, distanceM: found.distanceM };
}

/** The grids meeting a map box as a GeoJSON FeatureCollection (code order, at most limit). */
export async function listGridsInBbox(
  db: Db,
  box: Bbox,
  limit: number,
): Promise<GridFeatureCollection> {
  const { grids, isTruncated } = searchGrids(await getGridIndex(db), box, limit);
  return {
    type: 'FeatureCollection',
    features: grids.map((g) => ({
      type: 'Feature',
      id: g.code,
      geometry: polygonOf(g),
      properties: { ...gridSummaryOf(g), areaM2: g.areaM2 },
    })),
    isTruncated,
  };
}

export async function getGridDetail(db: Db, code: string): Promise<GridDetail> {
  const row = await db.selectFrom('grids').selectAll().where('code', '=', code).executeTakeFirst();
  if (!row) throw notFound('grid', code);
  const { count } = await db
    .selectFrom('components')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('grid_code', '=', code)
    .executeTakeFirstOrThrow();
  return {
    code: row.code,
    name: row.name,
    regionCode: row.region_code,
    streetCode: row.street_code,
    communityCode: row.community_code,
    areaM2: row.area_m2,
    polygon: row.polygon,
    bbox: [row.min_lon, row.min_lat, row.max_lon, row.max_lat],
    centroid: { lat: row.centroid_lat, lon: row.centroid_lon },
    source: row.source,
    componentCount: Number(count),
    updatedAt: row.updated_at.toISOString(),
  };
}
