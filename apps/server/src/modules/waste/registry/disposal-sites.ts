// Disposal sites: 消纳场 (landfill) and 资源化利用厂 (recycling plant), with capacity and fence.
import type {
  DisposalSiteBody,
  DisposalSiteList,
  DisposalSiteView,
  WasteListQuery,
} from '@citygov/contracts';
import type { Selectable } from 'kysely';
import type { Principal } from '../../../platform/auth/principal.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { notFound } from '../../../platform/errors.ts';
import { boxColumns, boxOf, checkFence } from '../waste-geometry.ts';
import { WASTE_REGISTRY_MANAGE } from '../waste-permissions.ts';
import type { WasteDisposalSitesTable } from '../waste-tables.ts';
import { placeOf } from './construction-sites.ts';
import {
  auditRegistry,
  checkRegion,
  fragmentOf,
  iso,
  pagingOf,
  requireStaffIn,
  round1,
} from './registry-common.ts';
import { canReadRegion, regionSql, registryReadScope } from './registry-scope.ts';

type DisposalRow = Selectable<WasteDisposalSitesTable> & { received_m3: number | null };

const viewOf = (r: DisposalRow): DisposalSiteView => ({
  id: r.id,
  regionCode: r.region_code,
  name: r.name,
  kind: r.kind,
  operatorName: r.operator_name,
  address: r.address,
  capacityM3: r.capacity_m3,
  dailyCapacityM3: r.daily_capacity_m3,
  receivedM3: round1(Number(r.received_m3 ?? 0)),
  lat: r.lat,
  lon: r.lon,
  fence: r.fence,
  bbox: [r.min_lon, r.min_lat, r.max_lon, r.max_lat],
  status: r.status,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const selectDisposalSites = (db: Db) =>
  db
    .selectFrom('waste_disposal_sites as d')
    .selectAll('d')
    .select((eb) =>
      eb
        .selectFrom('waste_manifests as m')
        .select((inner) => inner.fn.sum<number>('m.received_volume_m3').as('v'))
        .whereRef('m.received_site_id', '=', 'd.id')
        .as('received_m3'),
    );

export async function listDisposalSites(
  db: Db,
  principal: Principal,
  query: WasteListQuery,
): Promise<DisposalSiteList> {
  const scope = registryReadScope(principal);
  const { page, pageSize, offset } = pagingOf(query);
  let base = selectDisposalSites(db).where(regionSql('d.region_code', scope.prefixes));
  if (query.regionCode) base = base.where('d.region_code', 'like', `${query.regionCode}%`);
  if (query.status) base = base.where('d.status', '=', query.status as never);
  if (query.q) base = base.where('d.name', 'like', fragmentOf(query.q));
  const [rows, counted] = await Promise.all([
    base.orderBy('d.region_code').orderBy('d.name').limit(pageSize).offset(offset).execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(counted.n), page, pageSize, items: rows.map(viewOf) };
}

export async function getDisposalSite(db: Db, principal: Principal, id: number) {
  const row = await selectDisposalSites(db).where('d.id', '=', id).executeTakeFirst();
  if (!row || !canReadRegion(registryReadScope(principal), row.region_code)) {
    throw notFound('disposal site', id);
  }
  return viewOf(row);
}

function columnsOf(body: DisposalSiteBody) {
  const fence = checkFence(body.fence);
  const place = placeOf(body, fence);
  return {
    region_code: body.regionCode,
    name: body.name.trim(),
    kind: body.kind,
    operator_name: body.operatorName ?? null,
    address: body.address ?? null,
    capacity_m3: body.capacityM3,
    daily_capacity_m3: body.dailyCapacityM3 ?? null,
    lat: place.lat,
    lon: place.lon,
    fence: JSON.stringify(fence),
    ...boxColumns(boxOf(fence.coordinates[0]!)),
  };
}

export async function createDisposalSite(
  db: Db,
  principal: Principal,
  body: DisposalSiteBody,
): Promise<DisposalSiteView> {
  requireStaffIn(principal, WASTE_REGISTRY_MANAGE, body.regionCode);
  const columns = columnsOf(body);
  const id = await inTransaction(db, async (trx) => {
    await checkRegion(trx, body.regionCode);
    const row = await trx
      .insertInto('waste_disposal_sites')
      .values({ ...columns, status: body.status ?? 'active' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditRegistry(
      trx,
      principal,
      'waste.disposal_site.create',
      'waste_disposal_site',
      row.id,
      body.regionCode,
      {
        name: columns.name,
        kind: columns.kind,
      },
    );
    return row.id;
  });
  return getDisposalSite(db, principal, id);
}

export async function updateDisposalSite(
  db: Db,
  principal: Principal,
  id: number,
  body: DisposalSiteBody,
): Promise<DisposalSiteView> {
  const columns = columnsOf(body);
  await inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('waste_disposal_sites')
      .select(['region_code', 'status', 'name', 'kind'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current || !canReadRegion(registryReadScope(principal), current.region_code)) {
      throw notFound('disposal site', id);
    }
    requireStaffIn(principal, WASTE_REGISTRY_MANAGE, current.region_code);
    requireStaffIn(principal, WASTE_REGISTRY_MANAGE, body.regionCode);
    await checkRegion(trx, body.regionCode);
    await trx
      .updateTable('waste_disposal_sites')
      .set({ ...columns, status: body.status ?? current.status, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await auditRegistry(
      trx,
      principal,
      'waste.disposal_site.update',
      'waste_disposal_site',
      id,
      body.regionCode,
      {
        before: { name: current.name, status: current.status, kind: current.kind },
        after: { name: columns.name, status: body.status ?? current.status, kind: columns.kind },
      },
    );
  });
  return getDisposalSite(db, principal, id);
}
