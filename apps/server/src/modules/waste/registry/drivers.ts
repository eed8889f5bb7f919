// Drivers of transport companies. The resident ID (the driving licence number) and the phone are
// personal data: stored encrypted with a keyed hash and a masked hint; only hints are shown.
import type {
  WasteDriverBody,
  WasteDriverList,
  WasteDriverUpdateBody,
  WasteDriverView,
  WasteListQuery,
} from '@citygov/contracts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { maskPhone, maskResidentId } from '../../../platform/crypto/identifiers.ts';
import type { PersonalDataCipher } from '../../../platform/crypto/personal-data.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { checkPersonName, checkPhone, checkResidentId } from '../../../platform/people/index.ts';
import { auditRegistry, fragmentOf, iso, pagingOf } from './registry-common.ts';
import { canReadRegion, regionSql, registryReadScope } from './registry-scope.ts';
import { requireFleetManager } from './fleet-access.ts';

const selectDrivers = (db: Db) =>
  db
    .selectFrom('waste_drivers as d')
    .innerJoin('waste_companies as c', 'c.id', 'd.company_id')
    .leftJoin('users as u', 'u.id', 'd.user_id')
    .select([
      'd.id',
      'd.region_code',
      'd.company_id',
      'd.name',
      'd.id_number_hint',
      'd.phone_hint',
      'd.status',
      'd.created_at',
      'c.name as company_name',
      'u.username',
    ]);

type DriverRow = Awaited<ReturnType<ReturnType<typeof selectDrivers>['executeTakeFirstOrThrow']>>;

const viewOf = (r: DriverRow): WasteDriverView => ({
  id: r.id,
  regionCode: r.region_code,
  companyId: r.company_id,
  companyName: r.company_name,
  name: r.name,
  idNumberHint: r.id_number_hint,
  phoneHint: r.phone_hint,
  username: r.username,
  status: r.status,
  createdAt: iso(r.created_at),
});

export async function listDrivers(
  db: Db,
  principal: Principal,
  query: WasteListQuery,
): Promise<WasteDriverList> {
  const scope = registryReadScope(principal);
  const { page, pageSize, offset } = pagingOf(query);
  let base = selectDrivers(db).where(regionSql('d.region_code', scope.prefixes));
  if (query.regionCode) base = base.where('d.region_code', 'like', `${query.regionCode}%`);
  if (query.companyId) base = base.where('d.company_id', '=', query.companyId);
  if (query.status) base = base.where('d.status', '=', query.status as never);
  if (query.q) base = base.where('d.name', 'like', fragmentOf(query.q));
  const [rows, counted] = await Promise.all([
    base.orderBy('d.name').orderBy('d.id').limit(pageSize).offset(offset).execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(counted.n), page, pageSize, items: rows.map(viewOf) };
}

export async function getDriver(
  db: Db,
  principal: Principal,
  id: number,
): Promise<WasteDriverView> {
  const row = await selectDrivers(db).where('d.id', '=', id).executeTakeFirst();
  if (!row || !canReadRegion(registryReadScope(principal), row.region_code)) {
    throw notFound('driver', id);
  }
  return viewOf(row);
}

function phoneColumns(cipher: PersonalDataCipher, raw: string | null | undefined) {
  if (raw === null || raw === undefined)
    return { phone_enc: null, phone_hash: null, phone_hint: null };
  const phone = checkPhone(raw, 'phone');
  return {
    phone_enc: cipher.encrypt(phone),
    phone_hash: cipher.blindIndex(phone),
    phone_hint: maskPhone(phone),
  };
}

export async function createDriver(
  db: Db,
  cipher: PersonalDataCipher,
  principal: Principal,
  body: WasteDriverBody,
): Promise<WasteDriverView> {
  const name = checkPersonName(body.name, 'name');
  const idNumber = checkResidentId(body.idNumber, 'idNumber');
  const phone = phoneColumns(cipher, body.phone);
  const hash = cipher.blindIndex(idNumber);
  const id = await inTransaction(db, async (trx) => {
    const company = await requireFleetManager(trx, principal, body.companyId);
    const clash = await trx
      .selectFrom('waste_drivers')
      .select(['id', 'company_id'])
      .where('id_number_hash', '=', hash)
      .executeTakeFirst();
    if (clash) {
      throw new AppError('conflict', `This driver is already registered (driver ${clash.id})`, {
        field: 'idNumber',
        id: clash.id,
      });
    }
    const row = await trx
      .insertInto('waste_drivers')
      .values({
        region_code: company.region_code,
        company_id: company.id,
        name,
        id_number_enc: cipher.encrypt(idNumber),
        id_number_hash: hash,
        id_number_hint: maskResidentId(idNumber),
        ...phone,
        status: body.status ?? 'active',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditRegistry(
      trx,
      principal,
      'waste.driver.create',
      'waste_driver',
      row.id,
      company.region_code,
      {
        companyId: company.id,
      },
    );
    return row.id;
  });
  return getDriver(db, principal, id);
}

export async function updateDriver(
  db: Db,
  cipher: PersonalDataCipher,
  principal: Principal,
  id: number,
  body: WasteDriverUpdateBody,
): Promise<WasteDriverView> {
  const name = checkPersonName(body.name, 'name');
  await inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('waste_drivers')
      .select([
        'id',
        'company_id',
        'region_code',
        'status',
        'phone_enc',
        'phone_hash',
        'phone_hint',
      ])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current || !canReadRegion(registryReadScope(principal), current.region_code)) {
      throw notFound('driver', id);
    }
    await requireFleetManager(trx, principal, current.company_id, 'id');
    // Left out, the phone stays; null removes it.
    const phone =
      body.phone === undefined
        ? {
            phone_enc: current.phone_enc,
            phone_hash: current.phone_hash,
            phone_hint: current.phone_hint,
          }
        : phoneColumns(cipher, body.phone);
    await trx
      .updateTable('waste_drivers')
      .set({ name, ...phone, status: body.status, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
    await auditRegistry(
      trx,
      principal,
      'waste.driver.update',
      'waste_driver',
      id,
      current.region_code,
      {
        before: { status: current.status },
        after: { status: body.status, phoneChanged: body.phone !== undefined },
      },
    );
  });
  return getDriver(db, principal, id);
}
