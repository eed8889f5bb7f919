// Approved transport routes (运输路线): a polyline from a construction site to a disposal site
// and the corridor (metres either side) a loaded truck keeps to.
import type {
  WasteListQuery,
  WasteRouteBody,
  WasteRouteList,
  WasteRouteView,
} from '@citygov/contracts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { boxColumns, boxOf, checkPath, distanceM } from '../waste-geometry.ts';
import { WASTE_REGISTRY_MANAGE } from '../waste-permissions.ts';
import { auditRegistry, fragmentOf, iso, pagingOf, requireStaffIn } from './registry-common.ts';
import { canReadRegion, regionSql, registryReadScope } from './registry-scope.ts';

/** How far a route's ends may lie from the sites they join. */
const END_TOLERANCE_M = 3000;

const selectRoutes = (db: Db) =>
  db
    .selectFrom('waste_routes as r')
    .innerJoin('waste_construction_sites as s', 's.id', 'r.construction_site_id')
    .innerJoin('waste_disposal_sites as d', 'd.id', 'r.disposal_site_id')
    .selectAll('r')
    .select(['s.name as site_name', 'd.name as disposal_name']);

type RouteRow = Awaited<ReturnType<ReturnType<typeof selectRoutes>['executeTakeFirstOrThrow']>>;

const viewOf = (r: RouteRow): WasteRouteView => ({
  id: r.id,
  regionCode: r.region_code,
  name: r.name,
  constructionSiteId: r.construction_site_id,
  constructionSiteName: r.site_name,
  disposalSiteId: r.disposal_site_id,
  disposalSiteName: r.disposal_name,
  path: r.path,
  corridorM: r.corridor_m,
  lengthM: r.length_m,
  bbox: [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
  status: r.status,
  createdAt: iso(r.created_at),
});

export async function listRoutes(
  db: Db,
  principal: Principal,
  query: WasteListQuery & { constructionSiteId?: number },
): Promise<WasteRouteList> {
  const scope = registryReadScope(principal);
  const { page, pageSize, offset } = pagingOf(query);
  let base = selectRoutes(db).where(regionSql('r.region_code', scope.prefixes));
  if (query.regionCode) base = base.where('r.region_code', 'like', `${query.regionCode}%`);
  if (query.status) base = base.where('r.status', '=', query.status as never);
  if (query.q) base = base.where('r.name', 'like', fragmentOf(query.q));
  const [rows, counted] = await Promise.all([
    base.orderBy('r.region_code').orderBy('r.name').limit(pageSize).offset(offset).execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(counted.n), page, pageSize, items: rows.map(viewOf) };
}

export async function getRoute(db: Db, principal: Principal, id: number): Promise<WasteRouteView> {
  const row = await selectRoutes(db).where('r.id', '=', id).executeTakeFirst();
  if (!row || !canReadRegion(registryReadScope(principal), row.region_code)) {
    throw notFound('route', id);
  }
  return viewOf(row);
}

/** The joined sites (400 if unknown) and the checked columns of a route. */
async function columnsOf(db: Db, body: WasteRouteBody) {
  const [site, disposal] = await Promise.all([
    db
      .selectFrom('waste_construction_sites')
      .select(['id', 'region_code', 'lat', 'lon'])
      .where('id', '=', body.constructionSiteId)
      .executeTakeFirst(),
    db
      .selectFrom('waste_disposal_sites')
      .select(['id', 'lat', 'lon'])
      .where('id', '=', body.disposalSiteId)
      .executeTakeFirst(),
  ]);
  if (!site)
    throw invalid(
      'constructionSiteId',
      `construction site ${body.constructionSiteId} is not registered`,
    );
  if (!disposal)
    throw invalid('disposalSiteId', `disposal site ${body.disposalSiteId} is not registered`);
  const length = checkPath(body.path);
  const points = body.path.coordinates;
  if (distanceM(points[0]!, [site.lon, site.lat]) > END_TOLERANCE_M) {
    throw invalid('path', 'path: the route must start within 3 km of the construction site');
  }
  if (distanceM(points[points.length - 1]!, [disposal.lon, disposal.lat]) > END_TOLERANCE_M) {
    throw invalid('path', 'path: the route must end within 3 km of the disposal site');
  }
  return {
    region_code: site.region_code,
    name: body.name.trim(),
    construction_site_id: site.id,
    disposal_site_id: disposal.id,
    path: JSON.stringify(body.path),
    corridor_m: body.corridorM,
    length_m: Math.round(length),
    ...boxColumns(boxOf(points)),
  };
}

export async function createRoute(
  db: Db,
  principal: Principal,
  body: WasteRouteBody,
): Promise<WasteRouteView> {
  const id = await inTransaction(db, async (trx) => {
    const columns = await columnsOf(trx, body);
    requireStaffIn(principal, WASTE_REGISTRY_MANAGE, columns.region_code);
    const row = await trx
      .insertInto('waste_routes')
      .values({ ...columns, status: body.status ?? 'active' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditRegistry(
      trx,
      principal,
      'waste.route.create',
      'waste_route',
      row.id,
      columns.region_code,
      {
        name: columns.name,
        corridorM: columns.corridor_m,
      },
    );
    return row.id;
  });
  return getRoute(db, principal, id);
}

export async function updateRoute(
  db: Db,
  principal: Principal,
  id: number,
  body: WasteRouteBody,
): Promise<WasteRouteView> {
  await inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('waste_routes')
      .select(['region_code', 'status', 'corridor_m', 'name'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current || !canReadRegion(registryReadScope(principal), current.region_code)) {
      throw notFound('route', id);
    }
    requireStaffIn(principal, WASTE_REGISTRY_MANAGE, current.region_code);
    const columns = await columnsOf(trx, body);
    requireStaffIn(principal, WASTE_REGISTRY_MANAGE, columns.region_code);
    await trx
      .updateTable('waste_routes')
      .set({ ...columns, status: body.status ?? current.status, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await auditRegistry(
      trx,
      principal,
      'waste.route.update',
      'waste_route',
      id,
      columns.region_code,
      {
        before: { name: current.name, corridorM: current.corridor_m, status: current.status },
        after: {
          name: columns.name,
          corridorM: columns.corridor_m,
          status: body.status ?? current.status,
        },
      },
    );
  });
  return getRoute(db, principal, id);
}
