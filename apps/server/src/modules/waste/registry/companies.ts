// Transport companies (运输企业): registered by city staff in the company's district.
import type {
  WasteCompanyBody,
  WasteCompanyList,
  WasteCompanyView,
  WasteListQuery,
} from '@citygov/contracts';
import type { Selectable } from 'kysely';
import type { Principal } from '../../../platform/auth/principal.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { checkUscc } from '../../../platform/people/index.ts';
import type { WasteCompaniesTable } from '../waste-tables.ts';
import { WASTE_REGISTRY_MANAGE } from '../waste-permissions.ts';
import {
  auditRegistry,
  checkRegion,
  fragmentOf,
  iso,
  pagingOf,
  requireStaffIn,
} from './registry-common.ts';
import { canReadRegion, regionSql, registryReadScope } from './registry-scope.ts';

type CompanyRow = Selectable<WasteCompaniesTable> & { truck_count: number; driver_count: number };

const viewOf = (r: CompanyRow): WasteCompanyView => ({
  id: r.id,
  regionCode: r.region_code,
  name: r.name,
  uscc: r.uscc,
  transportLicenceNo: r.transport_licence_no,
  contactName: r.contact_name,
  contactPhone: r.contact_phone,
  status: r.status,
  truckCount: Number(r.truck_count),
  driverCount: Number(r.driver_count),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const selectCompanies = (db: Db) =>
  db
    .selectFrom('waste_companies as c')
    .selectAll('c')
    .select((eb) => [
      eb
        .selectFrom('waste_trucks as t')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('t.company_id', '=', 'c.id')
        .where('t.status', '<>', 'retired')
        .as('truck_count'),
      eb
        .selectFrom('waste_drivers as d')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('d.company_id', '=', 'c.id')
        .where('d.status', '=', 'active')
        .as('driver_count'),
    ]);

export async function listCompanies(
  db: Db,
  principal: Principal,
  query: WasteListQuery,
): Promise<WasteCompanyList> {
  const scope = registryReadScope(principal);
  const { page, pageSize, offset } = pagingOf(query);
  let base = db
    .selectFrom('waste_companies as c')
    .where(regionSql('c.region_code', scope.prefixes));
  if (query.regionCode) base = base.where('c.region_code', 'like', `${query.regionCode}%`);
  if (query.status) base = base.where('c.status', '=', query.status as never);
  if (query.q) {
    const f = fragmentOf(query.q);
    base = base.where((eb) => eb.or([eb('c.name', 'like', f), eb('c.uscc', 'like', f)]));
  }
  const [rows, counted] = await Promise.all([
    selectCompanies(db)
      .where((eb) => eb('c.id', 'in', base.select('c.id')))
      .orderBy('c.name')
      .orderBy('c.id')
      .limit(pageSize)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(counted.n),
    page,
    pageSize,
    items: rows.map((r) => viewOf(r as CompanyRow)),
  };
}

export async function getCompany(db: Db, principal: Principal, id: number) {
  const row = await selectCompanies(db).where('c.id', '=', id).executeTakeFirst();
  if (!row || !canReadRegion(registryReadScope(principal), row.region_code)) {
    throw notFound('transport company', id);
  }
  return viewOf(row as CompanyRow);
}

async function checkUsccFree(db: Db, uscc: string, exceptId: number | null) {
  const clash = await db
    .selectFrom('waste_companies')
    .select('id')
    .where('uscc', '=', uscc)
    .executeTakeFirst();
  if (clash && clash.id !== exceptId) {
    throw new AppError('conflict', `A transport company with credit code ${uscc} is registered`, {
      field: 'uscc',
      id: clash.id,
    });
  }
}

export async function createCompany(
  db: Db,
  principal: Principal,
  body: WasteCompanyBody,
): Promise<WasteCompanyView> {
  requireStaffIn(principal, WASTE_REGISTRY_MANAGE, body.regionCode);
  const uscc = checkUscc(body.uscc, 'uscc');
  const id = await inTransaction(db, async (trx) => {
    await checkRegion(trx, body.regionCode);
    await checkUsccFree(trx, uscc, null);
    const row = await trx
      .insertInto('waste_companies')
      .values({
        region_code: body.regionCode,
        name: body.name.trim(),
        uscc,
        transport_licence_no: body.transportLicenceNo ?? null,
        contact_name: body.contactName ?? null,
        contact_phone: body.contactPhone ?? null,
        status: body.status ?? 'active',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditRegistry(
      trx,
      principal,
      'waste.company.create',
      'waste_company',
      row.id,
      body.regionCode,
      {
        name: body.name,
        uscc,
      },
    );
    return row.id;
  });
  return getCompany(db, principal, id);
}

export async function updateCompany(
  db: Db,
  principal: Principal,
  id: number,
  body: WasteCompanyBody,
): Promise<WasteCompanyView> {
  const uscc = checkUscc(body.uscc, 'uscc');
  await inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('waste_companies')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current || !canReadRegion(registryReadScope(principal), current.region_code)) {
      throw notFound('transport company', id);
    }
    requireStaffIn(principal, WASTE_REGISTRY_MANAGE, current.region_code);
    requireStaffIn(principal, WASTE_REGISTRY_MANAGE, body.regionCode);
    await checkRegion(trx, body.regionCode);
    await checkUsccFree(trx, uscc, id);
    await trx
      .updateTable('waste_companies')
      .set({
        region_code: body.regionCode,
        name: body.name.trim(),
        uscc,
        transport_licence_no: body.transportLicenceNo ?? null,
        contact_name: body.contactName ?? null,
        contact_phone: body.contactPhone ?? null,
        status: body.status ?? current.status,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await auditRegistry(
      trx,
      principal,
      'waste.company.update',
      'waste_company',
      id,
      body.regionCode,
      {
        before: { name: current.name, status: current.status, regionCode: current.region_code },
        after: {
          name: body.name,
          status: body.status ?? current.status,
          regionCode: body.regionCode,
        },
      },
    );
  });
  return getCompany(db, principal, id);
}
