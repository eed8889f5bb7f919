// Seeds city management for the demo city: the classification, unit grids for the nine
// central districts (from the divisions already loaded) and their component inventory.
// Idempotent: categories that exist are kept; grids keep their codes at every scale, so a
// rerun (or a larger scale later) adds only the grids missing, with components for them.
import type { Db } from '../../platform/db/database.ts';
import { inTransaction, sql } from '../../platform/db/database.ts';
import { centralDistrictCodes, divisionPoints } from '../../platform/org/index.ts';
import { seedCategories } from './categories.ts';
import { generateComponents } from './component-generator.ts';
import {
  generateGrids,
  LAYOUT_CELLS_PER_SIDE,
  type DistrictPlan,
  type GeneratedGrid,
} from './grid-generator.ts';
import { bumpGridRevision, invalidateGridIndex } from './grid-index.ts';
import { gridRow } from './grid-import.ts';

/** Cells per side of each district's square: demo ≈ 5,000 grids, large ≈ 53,000 (the layout). */
export const gridScales = { demo: 24, large: LAYOUT_CELLS_PER_SIDE } as const;
export type GridScale = keyof typeof gridScales | number;

export interface SeedCityManagementOptions {
  gridScale?: GridScale;
  /** Scales the average number of components per grid (about 3 at 1). */
  componentDensity?: number;
  onProgress?: (message: string) => void;
}

export interface SeedCityManagementResult {
  categories: number;
  gridsCreated: number;
  componentsCreated: number;
  /** Districts left alone: complete at this scale, or without streets and communities. */
  skippedDistricts: Array<{ code: string; reason: 'complete' | 'no_divisions' }>;
}

const GRID_BATCH = 500;
const COMPONENT_BATCH = 1000;

const prefer = <T extends { name: string }>(rows: T[], test: (name: string) => boolean) => {
  const preferred = rows.filter((r) => test(r.name));
  return preferred.length > 0 ? preferred : rows;
};

/**
 * Each central district with its urban streets (街道, else all) and their residents'
 * communities (社区, else all), from the divisions table; districts missing there get none.
 */
export async function loadDistrictPlans(db: Db): Promise<DistrictPlan[]> {
  const codes = [...centralDistrictCodes];
  const districts = await db
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('code', 'in', codes)
    .execute();
  const streets = await db
    .selectFrom('divisions')
    .select(['code', 'name', 'parent_code'])
    .where('parent_code', 'in', codes)
    .where('level', '=', 3)
    .orderBy('code')
    .execute();
  const communities =
    streets.length === 0
      ? []
      : await db
          .selectFrom('divisions')
          .select(['code', 'name', 'parent_code'])
          .where(
            'parent_code',
            'in',
            streets.map((s) => s.code),
          )
          .where('level', '=', 4)
          .orderBy('code')
          .execute();
  return codes.map((code) => {
    const [lat, lon] = divisionPoints[code]!;
    const ownStreets = prefer(
      streets.filter((s) => s.parent_code === code && /^[0-9]{9}$/.test(s.code)),
      (name) => name.endsWith('街道'),
    );
    return {
      code,
      name: districts.find((d) => d.code === code)?.name ?? code,
      lat,
      lon,
      streets: ownStreets.map((s) => ({
        code: s.code,
        name: s.name,
        communities: prefer(
          communities.filter(
            (c) =>
              c.parent_code === s.code && /^[0-9]{12}$/.test(c.code) && c.code.startsWith(s.code),
          ),
          (name) => name.includes('社区'),
        ).map((c) => ({ code: c.code, name: c.name })),
      })),
    };
  });
}

// One district seeds at a time, so two processes starting together do not number twice.
const SEED_LOCK = 7_402_131;

/**
 * Inserts the district's grids that are missing and components for them (ids continuing
 * after those already there), in one transaction; returns the counts written.
 */
async function insertDistrict(
  db: Db,
  regionCode: string,
  grids: GeneratedGrid[],
  componentDensity: number,
): Promise<{ grids: number; components: number }> {
  return inTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
    const existing = await trx
      .selectFrom('grids')
      .select('code')
      .where('region_code', '=', regionCode)
      .execute();
    const known = new Set(existing.map((g) => g.code));
    const missing = grids.filter((g) => !known.has(g.code));
    if (missing.length === 0) return { grids: 0, components: 0 };
    const last = await trx
      .selectFrom('components')
      .select(['category_code', (eb) => eb.fn.max('id').as('last_id')])
      .where('region_code', '=', regionCode)
      .groupBy('category_code')
      .execute();
    const lastSequences = new Map(
      last.map((l) => [`${regionCode}:${l.category_code}`, Number(String(l.last_id).slice(10))]),
    );
    const components = generateComponents(
      missing.map((g) => ({ code: g.code, regionCode, bbox: g.bbox, rings: g.rings })),
      componentDensity,
      lastSequences,
    );
    for (let i = 0; i < missing.length; i += GRID_BATCH) {
      await trx
        .insertInto('grids')
        .values(missing.slice(i, i + GRID_BATCH).map((g) => gridRow(g, 'generated')))
        .execute();
    }
    for (let i = 0; i < components.length; i += COMPONENT_BATCH) {
      await trx
        .insertInto('components')
        .values(
          components.slice(i, i + COMPONENT_BATCH).map((c) => ({
            id: c.id,
            category_code: c.categoryCode,
            grid_code: c.gridCode,
            region_code: c.regionCode,
            lon: c.lon,
            lat: c.lat,
            status: c.status,
            attributes: JSON.stringify(c.attributes),
            source: 'generated' as const,
          })),
        )
        .execute();
    }
    await bumpGridRevision(trx);
    return { grids: missing.length, components: components.length };
  });
}

const cellsPerSideOf = (scale: GridScale) =>
  typeof scale === 'number' ? scale : gridScales[scale];

/** Seeds the classification, the grids and the components of the demo city (idempotent). */
export async function seedCityManagement(
  ctx: { db: Db },
  options: SeedCityManagementOptions = {},
): Promise<SeedCityManagementResult> {
  const { db } = ctx;
  const progress = options.onProgress ?? (() => {});
  const categories = await seedCategories(db);
  progress(`city management: ${categories} categories`);
  const plans = await loadDistrictPlans(db);
  // Every central district's point takes part in sharing out the cells, seeded or not, so a
  // district seeded later never overlaps its neighbours' grids.
  const grids = generateGrids(plans, cellsPerSideOf(options.gridScale ?? 'demo'));
  const result: SeedCityManagementResult = {
    categories,
    gridsCreated: 0,
    componentsCreated: 0,
    skippedDistricts: [],
  };
  for (const plan of plans) {
    const own = grids.filter((g) => g.regionCode === plan.code);
    if (own.length === 0) {
      result.skippedDistricts.push({ code: plan.code, reason: 'no_divisions' });
      continue;
    }
    const written = await insertDistrict(db, plan.code, own, options.componentDensity ?? 1);
    if (written.grids === 0) {
      result.skippedDistricts.push({ code: plan.code, reason: 'complete' });
      continue;
    }
    result.gridsCreated += written.grids;
    result.componentsCreated += written.components;
    progress(
      `city management: ${plan.name} ${written.grids} grids, ${written.components} components`,
    );
  }
  invalidateGridIndex(db);
  return result;
}
