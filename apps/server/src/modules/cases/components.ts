// The component inventory: components in a map box, one component. Components of restricted
// classes (surveillance and traffic cameras) are shown only to staff holding components:read.
import type { ComponentFeatureCollection, ComponentView } from '@citygov/contracts';
import type { Db } from '../../platform/db/database.ts';
import { notFound } from '../../platform/errors.ts';
import { can, type Principal } from '../../platform/auth/principal.ts';
import type { Bbox } from './geo.ts';
import type { ComponentStatus } from './cases-tables.ts';

export const COMPONENTS_READ = 'components:read';

const selectComponents = (db: Db) =>
  db
    .selectFrom('components as k')
    .innerJoin('case_categories as c', 'c.code', 'k.category_code')
    .select([
      'k.id',
      'k.category_code',
      'c.name_zh as category_name_zh',
      'c.is_restricted',
      'k.grid_code',
      'k.region_code',
      'k.lon',
      'k.lat',
      'k.status',
      'k.attributes',
      'k.updated_at',
    ]);

const canSeeRestricted = (principal: Principal) => can(principal, COMPONENTS_READ);

export async function listComponentsInBbox(
  db: Db,
  principal: Principal,
  box: Bbox,
  query: { category?: string; status?: ComponentStatus; limit: number },
): Promise<ComponentFeatureCollection> {
  let q = selectComponents(db)
    .where('k.lon', '>=', box[0])
    .where('k.lon', '<=', box[2])
    .where('k.lat', '>=', box[1])
    .where('k.lat', '<=', box[3]);
  if (query.category) q = q.where('k.category_code', '=', query.category);
  if (query.status) q = q.where('k.status', '=', query.status);
  if (!canSeeRestricted(principal)) q = q.where('c.is_restricted', '=', false);
  const rows = await q
    .orderBy('k.id')
    .limit(query.limit + 1)
    .execute();
  return {
    type: 'FeatureCollection',
    features: rows.slice(0, query.limit).map((r) => ({
      type: 'Feature',
      id: r.id,
      geometry: { type: 'Point', coordinates: [r.lon, r.lat] },
      properties: {
        id: r.id,
        categoryCode: r.category_code,
        categoryNameZh: r.category_name_zh,
        gridCode: r.grid_code,
        regionCode: r.region_code,
        status: r.status,
      },
    })),
    isTruncated: rows.length > query.limit,
  };
}

/** One component regardless of who asks (for routing), or null. */
export async function findComponent(
  db: Db,
  id: string,
): Promise<(ComponentView & { isRestricted: boolean }) | null> {
  const row = await selectComponents(db).where('k.id', '=', id).executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    categoryCode: row.category_code,
    categoryNameZh: row.category_name_zh,
    gridCode: row.grid_code,
    regionCode: row.region_code,
    status: row.status,
    lat: row.lat,
    lon: row.lon,
    attributes: row.attributes,
    updatedAt: row.updated_at.toISOString(),
    isRestricted: row.is_restricted,
  };
}

/** One component; 404 when unknown or not visible to the caller. */
export async function getComponent(
  db: Db,
  principal: Principal,
  id: string,
): Promise<ComponentView> {
  const found = await findComponent(db, id);
  // A restricted component is reported missing rather than forbidden: its place is the secret.
  if (!found || (found.isRestricted && !canSeeRestricted(principal)))
    throw notFound('component', id);
  return {
    id: found.id,
    categoryCode: found.categoryCode,
    categoryNameZh: found.categoryNameZh,
    gridCode: found.gridCode,
    regionCode: found.regionCode,
    status: found.status,
    lat: found.lat,
    lon: found.lon,
    attributes: found.attributes,
    updatedAt: found.updatedAt,
  };
}
