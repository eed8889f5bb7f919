// Imports unit grids from a GeoJSON FeatureCollection of Polygons with code properties. Every
// feature is checked and every bad one reported (index, code, field, why); one bad feature
// means nothing is written. Grids whose code exists are replaced.
import type { GridImportBody, GridImportIssue, GridImportResult } from '@citygov/contracts';
import type { Db } from '../../platform/db/database.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { appendAudit } from '../../platform/audit/ledger.ts';
import { actorOf, can, type Principal } from '../../platform/auth/principal.ts';
import { CITY_CODE } from '../../platform/org/index.ts';
import { parseGridCode } from './codes.ts';
import {
  bboxOf,
  centroidOf,
  cityBounds,
  findSelfIntersection,
  isInsideCity,
  isPointInPolygon,
  polygonAreaM2,
  roundCoord,
  type Bbox,
  type Position,
} from './geo.ts';
import { bumpGridRevision, invalidateGridIndex } from './grid-index.ts';

export const GRIDS_MANAGE = 'grids:manage';
/** A unit grid is about 10,000 m²; anything above 1 km² is a mistake, not a grid. */
export const MAX_GRID_AREA_M2 = 1_000_000;
const MAX_RING_POSITIONS = 5_000;
const MAX_REPORTED_ISSUES = 500;

export interface GridDraft {
  code: string;
  name: string;
  regionCode: string;
  streetCode: string;
  communityCode: string;
  rings: Position[][];
  bbox: Bbox;
  centroid: Position;
  areaM2: number;
}

class FeatureIssue extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function readRing(value: unknown, field: string, ringIndex: number): Position[] {
  const what = ringIndex === 0 ? 'the exterior ring' : `hole ${ringIndex}`;
  if (!Array.isArray(value)) throw new FeatureIssue(field, `${what} must be an array of positions`);
  if (value.length < 4) {
    throw new FeatureIssue(
      field,
      `${what} has ${value.length} positions; a closed ring needs at least 4`,
    );
  }
  if (value.length > MAX_RING_POSITIONS) {
    throw new FeatureIssue(field, `${what} has more than ${MAX_RING_POSITIONS} positions`);
  }
  const ring = value.map((p: unknown, i): Position => {
    if (
      !Array.isArray(p) ||
      p.length < 2 ||
      p.length > 3 ||
      !p.every((n) => typeof n === 'number' && Number.isFinite(n))
    ) {
      throw new FeatureIssue(`${field}[${i}]`, `position ${i} of ${what} must be [lon, lat]`);
    }
    const [lon, lat] = p as [number, number];
    if (!isInsideCity(lon, lat)) {
      throw new FeatureIssue(
        `${field}[${i}]`,
        `position ${i} of ${what} [${lon}, ${lat}] lies outside Chongqing (${cityBounds.minLat}–${cityBounds.maxLat} N, ${cityBounds.minLon}–${cityBounds.maxLon} E)`,
      );
    }
    return [roundCoord(lon), roundCoord(lat)];
  });
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    throw new FeatureIssue(field, `${what} is not closed: its last position must repeat its first`);
  }
  const crossing = findSelfIntersection(ring);
  if (crossing) {
    throw new FeatureIssue(field, `${what} crosses itself near [${crossing[0]}, ${crossing[1]}]`);
  }
  return ring;
}

/** One feature as a grid, or a FeatureIssue naming the field and what is wrong. */
function readFeature(feature: unknown, at: string): GridDraft {
  if (!isObject(feature) || feature.type !== 'Feature') {
    throw new FeatureIssue(`${at}.type`, 'each feature must be a GeoJSON Feature');
  }
  const properties = feature.properties;
  if (!isObject(properties)) {
    throw new FeatureIssue(`${at}.properties`, 'properties must be an object with the grid code');
  }
  const code = properties.code;
  const parts = typeof code === 'string' ? parseGridCode(code) : null;
  if (typeof code !== 'string' || !parts) {
    throw new FeatureIssue(
      `${at}.properties.code`,
      'code must be 15 digits: division (6) + street (3) + community (3) + grid (3, not 000)',
    );
  }
  if (!parts.regionCode.startsWith(CITY_CODE.slice(0, 2))) {
    throw new FeatureIssue(
      `${at}.properties.code`,
      `code ${code} does not lie in Chongqing (50....)`,
    );
  }
  const name = properties.name;
  if (name !== undefined && (typeof name !== 'string' || name.length < 1 || name.length > 100)) {
    throw new FeatureIssue(
      `${at}.properties.name`,
      'name, when given, must be text of 1–100 characters',
    );
  }
  const geometry = feature.geometry;
  if (!isObject(geometry) || geometry.type !== 'Polygon') {
    throw new FeatureIssue(
      `${at}.geometry.type`,
      'geometry must be a Polygon (split a MultiPolygon into one feature per grid)',
    );
  }
  const coordinates = geometry.coordinates;
  if (!Array.isArray(coordinates) || coordinates.length === 0) {
    throw new FeatureIssue(
      `${at}.geometry.coordinates`,
      'coordinates must hold at least the exterior ring',
    );
  }
  const rings = coordinates.map((ring: unknown, i) =>
    readRing(ring, `${at}.geometry.coordinates[${i}]`, i),
  );
  rings.slice(1).forEach((hole, i) => {
    if (!isPointInPolygon(hole[0]![0], hole[0]![1], [rings[0]!])) {
      throw new FeatureIssue(
        `${at}.geometry.coordinates[${i + 1}]`,
        `hole ${i + 1} lies outside the exterior ring`,
      );
    }
  });
  const areaM2 = polygonAreaM2(rings);
  if (areaM2 < 1) throw new FeatureIssue(`${at}.geometry`, 'the polygon has no area');
  if (areaM2 > MAX_GRID_AREA_M2) {
    throw new FeatureIssue(
      `${at}.geometry`,
      `the polygon covers ${Math.round(areaM2)} m²; a unit grid is about 10,000 m² (at most ${MAX_GRID_AREA_M2})`,
    );
  }
  const centroid = centroidOf(rings);
  return {
    code,
    name: typeof name === 'string' ? name : `网格${code.slice(-3)}`,
    regionCode: parts.regionCode,
    streetCode: parts.streetCode,
    communityCode: parts.communityCode,
    rings,
    bbox: bboxOf(rings),
    centroid: [roundCoord(centroid[0]), roundCoord(centroid[1])],
    areaM2: Math.round(areaM2 * 100) / 100,
  };
}

async function knownDivisions(db: Db, codes: string[]) {
  const found = new Map<string, { level: number; parent: string | null }>();
  for (let i = 0; i < codes.length; i += 1000) {
    const rows = await db
      .selectFrom('divisions')
      .select(['code', 'level', 'parent_code'])
      .where('code', 'in', codes.slice(i, i + 1000))
      .execute();
    for (const r of rows) found.set(r.code, { level: r.level, parent: r.parent_code });
  }
  return found;
}

/** Checks every feature; answers the grids to write or the issues found. */
export async function checkGridFeatures(
  db: Db,
  principal: Principal,
  features: readonly unknown[],
): Promise<{ drafts: GridDraft[]; issues: GridImportIssue[] }> {
  const issues: GridImportIssue[] = [];
  const drafts: Array<{ index: number; draft: GridDraft }> = [];
  const seen = new Map<string, number>();
  features.forEach((feature, index) => {
    const at = `features[${index}]`;
    const rawCode =
      isObject(feature) && isObject(feature.properties) ? feature.properties.code : null;
    try {
      const draft = readFeature(feature, at);
      const first = seen.get(draft.code);
      if (first !== undefined) {
        throw new FeatureIssue(
          `${at}.properties.code`,
          `code ${draft.code} repeats feature ${first}`,
        );
      }
      seen.set(draft.code, index);
      drafts.push({ index, draft });
    } catch (error) {
      if (!(error instanceof FeatureIssue)) throw error;
      issues.push({
        index,
        code: typeof rawCode === 'string' ? rawCode : null,
        field: error.field,
        message: error.message,
      });
    }
  });
  const codes = [
    ...new Set(drafts.flatMap(({ draft: d }) => [d.regionCode, d.streetCode, d.communityCode])),
  ];
  const divisions = await knownDivisions(db, codes);
  const accepted: GridDraft[] = [];
  for (const { index, draft: d } of drafts) {
    const field = `features[${index}].properties.code`;
    const issue = (message: string) => issues.push({ index, code: d.code, field, message });
    if (divisions.get(d.regionCode)?.level !== 2) {
      issue(`${d.regionCode} is not a district or county of the city`);
    } else if (divisions.get(d.streetCode)?.parent !== d.regionCode) {
      issue(`${d.streetCode} is not a street or town of ${d.regionCode}`);
    } else if (divisions.get(d.communityCode)?.parent !== d.streetCode) {
      issue(`${d.communityCode} is not a community or village of ${d.streetCode}`);
    } else if (!can(principal, GRIDS_MANAGE, { regionCode: d.regionCode })) {
      issue(`you may not manage the grids of ${d.regionCode}`);
    } else {
      accepted.push(d);
    }
  }
  issues.sort((a, b) => a.index - b.index);
  return { drafts: accepted, issues };
}

async function existingCodes(db: Db, codes: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < codes.length; i += 1000) {
    const rows = await db
      .selectFrom('grids')
      .select('code')
      .where('code', 'in', codes.slice(i, i + 1000))
      .execute();
    for (const r of rows) found.add(r.code);
  }
  return found;
}

export const gridRow = (d: GridDraft, source: 'generated' | 'imported') => ({
  code: d.code,
  region_code: d.regionCode,
  street_code: d.streetCode,
  community_code: d.communityCode,
  name: d.name,
  polygon: JSON.stringify({ type: 'Polygon', coordinates: d.rings }),
  min_lon: d.bbox[0],
  min_lat: d.bbox[1],
  max_lon: d.bbox[2],
  max_lat: d.bbox[3],
  centroid_lon: d.centroid[0],
  centroid_lat: d.centroid[1],
  area_m2: d.areaM2,
  source,
});

/** Checks and (unless a dry run) writes the grids; 400 with every issue when any feature is bad. */
export async function importGrids(
  db: Db,
  principal: Principal,
  body: GridImportBody,
  options: { isDryRun: boolean },
): Promise<GridImportResult> {
  const { drafts, issues } = await checkGridFeatures(db, principal, body.features);
  if (issues.length > 0) {
    throw new AppError(
      'validation_failed',
      `${issues.length} of ${body.features.length} features are invalid; nothing was imported. First: ${issues[0]!.field} ${issues[0]!.message}`,
      {
        field: issues[0]!.field,
        issueCount: issues.length,
        issues: issues.slice(0, MAX_REPORTED_ISSUES),
      },
    );
  }
  const existing = await existingCodes(
    db,
    drafts.map((d) => d.code),
  );
  const result = {
    isDryRun: options.isDryRun,
    created: drafts.length - existing.size,
    updated: existing.size,
  };
  if (options.isDryRun) return result;
  await inTransaction(db, async (trx) => {
    for (let i = 0; i < drafts.length; i += 500) {
      await trx
        .insertInto('grids')
        .values(drafts.slice(i, i + 500).map((d) => gridRow(d, 'imported')))
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            polygon: eb.ref('excluded.polygon'),
            min_lon: eb.ref('excluded.min_lon'),
            min_lat: eb.ref('excluded.min_lat'),
            max_lon: eb.ref('excluded.max_lon'),
            max_lat: eb.ref('excluded.max_lat'),
            centroid_lon: eb.ref('excluded.centroid_lon'),
            centroid_lat: eb.ref('excluded.centroid_lat'),
            area_m2: eb.ref('excluded.area_m2'),
            source: eb.ref('excluded.source'),
            updated_at: new Date(),
          })),
        )
        .execute();
    }
    await bumpGridRevision(trx);
    const regions = [...new Set(drafts.map((d) => d.regionCode))].sort();
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'cases.grids.import',
      subjectType: 'grid_import',
      subjectId: `${regions.join(',')}@${Date.now()}`,
      regionCode: regions.length === 1 ? regions[0]! : CITY_CODE,
      data: { ...result, regions, name: body.name ?? null },
    });
  });
  invalidateGridIndex(db);
  return result;
}
