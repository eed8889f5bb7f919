// Disposal approvals (处置核准): issued by city staff for a construction site; name the transport
// companies, disposal sites and routes allowed, the volume, the validity and the hours.
import { sql } from 'kysely';
import type {
  WasteApprovalBody,
  WasteApprovalList,
  WasteApprovalListQuery,
  WasteApprovalView,
  WasteType,
} from '@citygov/contracts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import { accessOf, type WasteAccess } from '../party-access.ts';
import { WASTE_APPROVALS_MANAGE, WASTE_READ } from '../waste-permissions.ts';
import { regionSql } from './registry-scope.ts';
import {
  auditRegistry,
  fragmentOf,
  iso,
  pagingOf,
  requireStaffIn,
  round1,
} from './registry-common.ts';
import { approvalBlockOf, beijingDay, clockOf, minutesOf } from './approval-rules.ts';

const selectApprovals = (db: Db) =>
  db
    .selectFrom('waste_approvals as a')
    .innerJoin('waste_construction_sites as s', 's.id', 'a.construction_site_id')
    .select([
      'a.id',
      'a.region_code',
      'a.approval_no',
      'a.construction_site_id',
      's.name as site_name',
      'a.waste_types',
      'a.permitted_volume_m3',
      'a.used_volume_m3',
      sql<string>`a.valid_from::text`.as('valid_from'),
      sql<string>`a.valid_to::text`.as('valid_to'),
      'a.hours_start',
      'a.hours_end',
      'a.status',
      'a.note',
      'a.issued_at',
      'a.updated_at',
    ]);

type ApprovalRow = Awaited<
  ReturnType<ReturnType<typeof selectApprovals>['executeTakeFirstOrThrow']>
>;

/** A WHERE for the approvals the access reaches: staff regions, or naming the caller's parties. */
function visibleTo(access: WasteAccess) {
  return sql<boolean>`(${regionSql('a.region_code', access.staffPrefixes)}
    or a.construction_site_id in (${idList(access.constructionSiteIds)})
    or exists (select 1 from waste_approval_companies ac where ac.approval_id = a.id
               and ac.company_id in (${idList(access.companyIds)}))
    or exists (select 1 from waste_approval_disposal_sites ad where ad.approval_id = a.id
               and ad.disposal_site_id in (${idList(access.disposalSiteIds)})))`;
}

// `in ()` is not SQL: an empty list becomes a value no id has.
const idList = (ids: readonly number[]) => sql.join(ids.length ? ids : [-1]);

async function viewsOf(db: Db, rows: ApprovalRow[]): Promise<WasteApprovalView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [companies, sites, routes] = await Promise.all([
    db
      .selectFrom('waste_approval_companies as x')
      .innerJoin('waste_companies as c', 'c.id', 'x.company_id')
      .select(['x.approval_id', 'c.id', 'c.name'])
      .where('x.approval_id', 'in', ids)
      .orderBy('c.id')
      .execute(),
    db
      .selectFrom('waste_approval_disposal_sites as x')
      .innerJoin('waste_disposal_sites as d', 'd.id', 'x.disposal_site_id')
      .select(['x.approval_id', 'd.id', 'd.name'])
      .where('x.approval_id', 'in', ids)
      .orderBy('d.id')
      .execute(),
    db
      .selectFrom('waste_approval_routes as x')
      .innerJoin('waste_routes as r', 'r.id', 'x.route_id')
      .select(['x.approval_id', 'r.id', 'r.name'])
      .where('x.approval_id', 'in', ids)
      .orderBy('r.id')
      .execute(),
  ]);
  const today = beijingDay();
  const pick = (list: { approval_id: number; id: number; name: string }[], id: number) =>
    list.filter((x) => x.approval_id === id).map((x) => ({ id: x.id, name: x.name }));
  return rows.map((r) => {
    const block = approvalBlockOf(r, today);
    return {
      id: r.id,
      regionCode: r.region_code,
      approvalNo: r.approval_no,
      constructionSiteId: r.construction_site_id,
      constructionSiteName: r.site_name,
      wasteTypes: r.waste_types as WasteType[],
      permittedVolumeM3: r.permitted_volume_m3,
      usedVolumeM3: round1(r.used_volume_m3),
      remainingVolumeM3: round1(Math.max(0, r.permitted_volume_m3 - r.used_volume_m3)),
      validFrom: r.valid_from,
      validTo: r.valid_to,
      hoursFrom: clockOf(r.hours_start),
      hoursTo: clockOf(r.hours_end),
      status: r.status,
      isUsable: block === null,
      blockedReason: block,
      companies: pick(companies, r.id),
      disposalSites: pick(sites, r.id),
      routes: pick(routes, r.id),
      note: r.note,
      issuedAt: iso(r.issued_at),
      updatedAt: iso(r.updated_at),
    };
  });
}

export async function listApprovals(
  db: Db,
  principal: Principal,
  query: WasteApprovalListQuery,
): Promise<WasteApprovalList> {
  const access = await accessOf(db, principal, WASTE_READ);
  const { page, pageSize, offset } = pagingOf(query);
  const today = beijingDay();
  let base = selectApprovals(db).where(visibleTo(access));
  if (query.regionCode) base = base.where('a.region_code', 'like', `${query.regionCode}%`);
  if (query.constructionSiteId)
    base = base.where('a.construction_site_id', '=', query.constructionSiteId);
  if (query.q) {
    const f = fragmentOf(query.q);
    base = base.where((eb) => eb.or([eb('a.approval_no', 'like', f), eb('s.name', 'like', f)]));
  }
  if (query.isUsable !== undefined) {
    const usable = sql<boolean>`(a.status = 'active' and a.valid_from <= ${today}::date
      and a.valid_to >= ${today}::date and a.used_volume_m3 < a.permitted_volume_m3)`;
    base = base.where(query.isUsable ? usable : sql<boolean>`not ${usable}`);
  }
  const [rows, counted] = await Promise.all([
    base
      .orderBy('a.issued_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(pageSize)
      .offset(offset)
      .execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(counted.n), page, pageSize, items: await viewsOf(db, rows) };
}

export async function getApproval(db: Db, principal: Principal, id: number) {
  const access = await accessOf(db, principal, WASTE_READ);
  const row = await selectApprovals(db)
    .where('a.id', '=', id)
    .where(visibleTo(access))
    .executeTakeFirst();
  if (!row) throw notFound('disposal approval', id);
  return (await viewsOf(db, [row]))[0]!;
}

/** The checked links of an approval body (400 naming the field of an unknown or foreign id). */
async function checkLinks(db: Db, body: WasteApprovalBody) {
  const site = await db
    .selectFrom('waste_construction_sites')
    .select(['id', 'region_code'])
    .where('id', '=', body.constructionSiteId)
    .executeTakeFirst();
  if (!site) {
    throw invalid(
      'constructionSiteId',
      `construction site ${body.constructionSiteId} is not registered`,
    );
  }
  const found = async (table: 'waste_companies' | 'waste_disposal_sites', ids: number[]) =>
    new Set(
      (await db.selectFrom(table).select('id').where('id', 'in', ids).execute()).map((r) => r.id),
    );
  const companies = await found('waste_companies', body.companyIds);
  const missingCompany = body.companyIds.find((id) => !companies.has(id));
  if (missingCompany)
    throw invalid('companyIds', `transport company ${missingCompany} is not registered`);
  const disposals = await found('waste_disposal_sites', body.disposalSiteIds);
  const missingSite = body.disposalSiteIds.find((id) => !disposals.has(id));
  if (missingSite)
    throw invalid('disposalSiteIds', `disposal site ${missingSite} is not registered`);
  if (body.routeIds.length) {
    const routes = await db
      .selectFrom('waste_routes')
      .select(['id', 'construction_site_id', 'disposal_site_id'])
      .where('id', 'in', body.routeIds)
      .execute();
    for (const id of body.routeIds) {
      const route = routes.find((r) => r.id === id);
      if (!route) throw invalid('routeIds', `route ${id} is not registered`);
      if (
        route.construction_site_id !== site.id ||
        !disposals.has(route.disposal_site_id) ||
        !body.disposalSiteIds.includes(route.disposal_site_id)
      ) {
        throw invalid(
          'routeIds',
          `route ${id} does not join this site to an approved disposal site`,
        );
      }
    }
  }
  if (body.validTo < body.validFrom) throw invalid('validTo', 'validTo is before validFrom');
  const hoursStart = minutesOf(body.hoursFrom);
  const hoursEnd = minutesOf(body.hoursTo);
  if (hoursStart === 1440) throw invalid('hoursFrom', 'hoursFrom must be before 24:00');
  if (hoursEnd === 0 || hoursStart === hoursEnd) {
    throw invalid('hoursTo', 'hoursTo must differ from hoursFrom (00:00–24:00 is the whole day)');
  }
  return { site, hoursStart, hoursEnd };
}

async function writeLinks(
  trx: Db,
  approvalId: number,
  regionCode: string,
  body: WasteApprovalBody,
) {
  await trx.deleteFrom('waste_approval_companies').where('approval_id', '=', approvalId).execute();
  await trx
    .deleteFrom('waste_approval_disposal_sites')
    .where('approval_id', '=', approvalId)
    .execute();
  await trx.deleteFrom('waste_approval_routes').where('approval_id', '=', approvalId).execute();
  const link = <K extends string>(key: K, ids: number[]) =>
    ids.map(
      (id) =>
        ({ approval_id: approvalId, region_code: regionCode, [key]: id }) as {
          approval_id: number;
          region_code: string;
        } & Record<K, number>,
    );
  await trx
    .insertInto('waste_approval_companies')
    .values(link('company_id', body.companyIds))
    .execute();
  await trx
    .insertInto('waste_approval_disposal_sites')
    .values(link('disposal_site_id', body.disposalSiteIds))
    .execute();
  if (body.routeIds.length) {
    await trx.insertInto('waste_approval_routes').values(link('route_id', body.routeIds)).execute();
  }
}

/** The next approval number of a district and year: 500103-2026-0007. */
async function nextApprovalNo(trx: Db, regionCode: string, day: string) {
  const district = regionCode.slice(0, 6);
  const year = day.slice(0, 4);
  const row = await trx
    .insertInto('waste_manifest_counters')
    .values({ region_code: district, day: `approval-${year}`, last: 1 })
    .onConflict((oc) =>
      oc
        .columns(['region_code', 'day'])
        .doUpdateSet({ last: sql`waste_manifest_counters.last + 1` }),
    )
    .returning('last')
    .executeTakeFirstOrThrow();
  return `${district}-${year}-${String(row.last).padStart(4, '0')}`;
}

export async function createApproval(
  db: Db,
  principal: Principal,
  body: WasteApprovalBody,
): Promise<WasteApprovalView> {
  const id = await inTransaction(db, async (trx) => {
    const { site, hoursStart, hoursEnd } = await checkLinks(trx, body);
    requireStaffIn(principal, WASTE_APPROVALS_MANAGE, site.region_code);
    const approvalNo =
      body.approvalNo ?? (await nextApprovalNo(trx, site.region_code, beijingDay()));
    const clash = await trx
      .selectFrom('waste_approvals')
      .select('id')
      .where('approval_no', '=', approvalNo)
      .executeTakeFirst();
    if (clash) {
      throw new AppError('conflict', `Approval number ${approvalNo} is taken`, {
        field: 'approvalNo',
        id: clash.id,
      });
    }
    const row = await trx
      .insertInto('waste_approvals')
      .values({
        region_code: site.region_code,
        approval_no: approvalNo,
        construction_site_id: site.id,
        waste_types: body.wasteTypes,
        permitted_volume_m3: body.permittedVolumeM3,
        valid_from: body.validFrom,
        valid_to: body.validTo,
        hours_start: hoursStart,
        hours_end: hoursEnd,
        status: body.status ?? 'active',
        issued_by: principal.userId,
        note: body.note ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeLinks(trx, row.id, site.region_code, body);
    await auditRegistry(
      trx,
      principal,
      'waste.approval.create',
      'waste_approval',
      row.id,
      site.region_code,
      {
        approvalNo,
        permittedVolumeM3: body.permittedVolumeM3,
        validFrom: body.validFrom,
        validTo: body.validTo,
        companyIds: body.companyIds,
        disposalSiteIds: body.disposalSiteIds,
        routeIds: body.routeIds,
      },
    );
    return row.id;
  });
  return getApproval(db, principal, id);
}

export async function updateApproval(
  db: Db,
  principal: Principal,
  id: number,
  body: WasteApprovalBody,
): Promise<WasteApprovalView> {
  await inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('waste_approvals')
      .select([
        'id',
        'region_code',
        'approval_no',
        'construction_site_id',
        'used_volume_m3',
        'status',
        'permitted_volume_m3',
      ])
      .select([sql<string>`valid_to::text`.as('valid_to')])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    const access = await accessOf(trx, principal, WASTE_READ);
    if (!current || !access.staffPrefixes.some((p) => current.region_code.startsWith(p))) {
      throw notFound('disposal approval', id);
    }
    requireStaffIn(principal, WASTE_APPROVALS_MANAGE, current.region_code);
    if (body.constructionSiteId !== current.construction_site_id) {
      throw invalid('constructionSiteId', 'An approval stays with its construction site');
    }
    if (body.approvalNo !== undefined && body.approvalNo !== current.approval_no) {
      throw invalid('approvalNo', 'An approval keeps its number');
    }
    if (body.permittedVolumeM3 + 1e-6 < current.used_volume_m3) {
      throw invalid(
        'permittedVolumeM3',
        `permittedVolumeM3 cannot fall below the ${round1(current.used_volume_m3)} m³ already used`,
      );
    }
    const { hoursStart, hoursEnd } = await checkLinks(trx, body);
    await trx
      .updateTable('waste_approvals')
      .set({
        waste_types: body.wasteTypes,
        permitted_volume_m3: body.permittedVolumeM3,
        valid_from: body.validFrom,
        valid_to: body.validTo,
        hours_start: hoursStart,
        hours_end: hoursEnd,
        status: body.status ?? current.status,
        note: body.note ?? null,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await writeLinks(trx, id, current.region_code, body);
    await auditRegistry(
      trx,
      principal,
      'waste.approval.update',
      'waste_approval',
      id,
      current.region_code,
      {
        before: {
          status: current.status,
          permittedVolumeM3: current.permitted_volume_m3,
          validTo: current.valid_to,
        },
        after: {
          status: body.status ?? current.status,
          permittedVolumeM3: body.permittedVolumeM3,
          validTo: body.validTo,
          companyIds: body.companyIds,
          disposalSiteIds: body.disposalSiteIds,
          routeIds: body.routeIds,
        },
      },
    );
  });
  return getApproval(db, principal, id);
}
