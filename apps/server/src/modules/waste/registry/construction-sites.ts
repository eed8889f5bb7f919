// Construction sites (产废单位 / 工地) with their fences (GeoJSON polygon + box).
import type {
  ConstructionSiteBody,
  ConstructionSiteList,
  ConstructionSiteView,
  WasteListQuery,
} from '@citygov/contracts';
import type { Selectable } from 'kysely';
import type { Principal } from '../../../platform/auth/principal.ts';
import { isInsideCity } from '../../../platform/geo/city.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { boxColumns, boxOf, centreOf, checkFence } from '../waste-geometry.ts';
import { WASTE_REGISTRY_MANAGE } from '../waste-permissions.ts';
import type { WasteConstructionSitesTable } from '../waste-tables.ts';
import {
  auditRegistry,
  checkRegion,
  fragmentOf,
  iso,
  pagingOf,
  requireStaffIn,
} from './registry-common.ts';
import { canReadRegion, regionSql, registryReadScope } from './registry-scope.ts';

type SiteRow = Selectable<WasteConstructionSitesTable>;

const viewOf = (r: SiteRow): ConstructionSiteView => ({
  id: r.id,
  regionCode: r.region_code,
  name: r.name,
  projectCode: r.project_code,
  developer: r.developer,
  contractor: r.contractor,
  address: r.address,
  lat: r.lat,
  lon: r.lon,
  fence: r.fence,
  bbox: [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
  status: r.status,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

/** The point given, or the fence's centre; 400 outside the city. */
export function placeOf(
  body: { lat?: number; lon?: number },
  fence: ReturnType<typeof checkFence>,
) {
  if ((body.lat === undefined) !== (body.lon === undefined)) {
    throw invalid(body.lat === undefined ? 'lat' : 'lon', 'lat and lon come together');
  }
  const point =
    body.lat !== undefined && body.lon !== undefined
      ? { lat: body.lat, lon: body.lon }
      : centreOf(fence);
  if (!isInsideCity(point.lon, point.lat)) {
    throw invalid('lat', `(${point.lat}, ${point.lon}) lies outside Chongqing (WGS-84)`);
  }
  return point;
}

export async function listConstructionSites(
  db: Db,
  principal: Principal,
  query: WasteListQuery,
): Promise<ConstructionSiteList> {
  const scope = registryReadScope(principal);
  const { page, pageSize, offset } = pagingOf(query);
  let base = db
    .selectFrom('waste_construction_sites as s')
    .where(regionSql('s.region_code', scope.prefixes));
  if (query.regionCode) base = base.where('s.region_code', 'like', `${query.regionCode}%`);
  if (query.status) base = base.where('s.status', '=', query.status as never);
  if (query.q) {
    const f = fragmentOf(query.q);
    base = base.where((eb) => eb.or([eb('s.name', 'like', f), eb('s.project_code', 'like', f)]));
  }
  const [rows, counted] = await Promise.all([
    base
      .selectAll('s')
      .orderBy('s.region_code')
      .orderBy('s.name')
      .limit(pageSize)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(counted.n), page, pageSize, items: rows.map(viewOf) };
}

export async function getConstructionSite(db: Db, principal: Principal, id: number) {
  const row = await db
    .selectFrom('waste_construction_sites')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !canReadRegion(registryReadScope(principal), row.region_code)) {
    throw notFound('construction site', id);
  }
  return viewOf(row);
}

function columnsOf(body: ConstructionSiteBody) {
  const fence = checkFence(body.fence);
  const place = placeOf(body, fence);
  return {
    region_code: body.regionCode,
    name: body.name.trim(),
    project_code: body.projectCode ?? null,
    developer: body.developer ?? null,
    contractor: body.contractor ?? null,
    address: body.address ?? null,
    lat: place.lat,
    lon: place.lon,
    fence: JSON.stringify(fence),
    ...boxColumns(boxOf(fence.coordinates[0]!)),
  };
}

export async function createConstructionSite(
  db: Db,
  principal: Principal,
  body: ConstructionSiteBody,
): Promise<ConstructionSiteView> {
  requireStaffIn(principal, WASTE_REGISTRY_MANAGE, body.regionCode);
  const columns = columnsOf(body);
  const id = await inTransaction(db, async (trx) => {
    await checkRegion(trx, body.regionCode);
    const row = await trx
      .insertInto('waste_construction_sites')
      .values({ ...columns, status: body.status ?? 'active' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditRegistry(
      trx,
      principal,
      'waste.site.create',
      'waste_construction_site',
      row.id,
      body.regionCode,
      {
        name: columns.name,
      },
    );
    return row.id;
  });
  return getConstructionSite(db, principal, id);
}

export async function updateConstructionSite(
  db: Db,
  principal: Principal,
  id: number,
  body: ConstructionSiteBody,
): Promise<ConstructionSiteView> {
  const columns = columnsOf(body);
  await inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('waste_construction_sites')
      .select(['region_code', 'status', 'name'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current || !canReadRegion(registryReadScope(principal), current.region_code)) {
      throw notFound('construction site', id);
    }
    requireStaffIn(principal, WASTE_REGISTRY_MANAGE, current.region_code);
    requireStaffIn(principal, WASTE_REGISTRY_MANAGE, body.regionCode);
    await checkRegion(trx, body.regionCode);
    await trx
      .updateTable('waste_construction_sites')
      .set({ ...columns, status: body.status ?? current.status, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await auditRegistry(
      trx,
      principal,
      'waste.site.update',
      'waste_construction_site',
      id,
      body.regionCode,
      {
        before: { name: current.name, status: current.status },
        after: { name: columns.name, status: body.status ?? current.status },
      },
    );
  });
  return getConstructionSite(db, principal, id);
}
