// Trucks (渣土车): plate, JT/T 808 terminal, capacity and the sealed-cover sensor, registered by
// their company or city staff. The terminal phone ties a truck to its telematics positions.
import type {
  WasteListQuery,
  WasteTruckBody,
  WasteTruckList,
  WasteTruckView,
} from '@citygov/contracts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, invalid, notFound } from '../../../platform/errors.ts';
import { auditRegistry, fragmentOf, iso, pagingOf } from './registry-common.ts';
import { canReadRegion, regionSql, registryReadScope } from './registry-scope.ts';
import { requireFleetManager } from './fleet-access.ts';

// 渝A12345 (blue/yellow) or 渝AD12345 / 渝A12345D (new energy): province, city letter, 5–6.
const PLATE = /^[\u4e00-\u9fa5][A-Z][A-Z0-9]{5,6}$/;

export function normalizePlate(raw: string): string {
  const plate = raw.trim().toUpperCase();
  if (!PLATE.test(plate)) {
    throw invalid('plate', `plate "${raw}" is not a Chinese plate such as 渝A12345`);
  }
  return plate;
}

export const normalizeTerminalPhone = (raw: string) => {
  const phone = raw.replace(/^0+(?=\d)/, '');
  if (phone === '0') throw invalid('terminalPhone', 'terminalPhone must not be zero');
  return phone;
};

const selectTrucks = (db: Db) =>
  db
    .selectFrom('waste_trucks as t')
    .innerJoin('waste_companies as c', 'c.id', 't.company_id')
    .selectAll('t')
    .select('c.name as company_name');

type TruckRow = Awaited<ReturnType<ReturnType<typeof selectTrucks>['executeTakeFirstOrThrow']>>;

const viewOf = (r: TruckRow): WasteTruckView => ({
  id: r.id,
  regionCode: r.region_code,
  companyId: r.company_id,
  companyName: r.company_name,
  plate: r.plate,
  terminalPhone: r.terminal_phone,
  terminalId: r.terminal_id,
  vehicleId: r.vehicle_id,
  capacityM3: r.capacity_m3,
  hasCoverSensor: r.has_cover_sensor,
  coverStatusBit: r.cover_status_bit,
  status: r.status,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

export async function listTrucks(
  db: Db,
  principal: Principal,
  query: WasteListQuery,
): Promise<WasteTruckList> {
  const scope = registryReadScope(principal);
  const { page, pageSize, offset } = pagingOf(query);
  let base = selectTrucks(db).where(regionSql('t.region_code', scope.prefixes));
  if (query.regionCode) base = base.where('t.region_code', 'like', `${query.regionCode}%`);
  if (query.companyId) base = base.where('t.company_id', '=', query.companyId);
  if (query.status) base = base.where('t.status', '=', query.status as never);
  if (query.q) {
    const f = fragmentOf(query.q.toUpperCase());
    base = base.where((eb) => eb.or([eb('t.plate', 'like', f), eb('t.terminal_phone', 'like', f)]));
  }
  const [rows, counted] = await Promise.all([
    base.orderBy('t.plate').orderBy('t.id').limit(pageSize).offset(offset).execute(),
    base
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(counted.n), page, pageSize, items: rows.map(viewOf) };
}

export async function getTruck(db: Db, principal: Principal, id: number): Promise<WasteTruckView> {
  const row = await selectTrucks(db).where('t.id', '=', id).executeTakeFirst();
  if (!row || !canReadRegion(registryReadScope(principal), row.region_code)) {
    throw notFound('truck', id);
  }
  return viewOf(row);
}

async function checkTruckFree(db: Db, plate: string, phone: string, exceptId: number | null) {
  const clash = await db
    .selectFrom('waste_trucks')
    .select(['id', 'plate', 'terminal_phone'])
    .where((eb) =>
      eb.or([
        eb.and([eb('plate', '=', plate), eb('status', '<>', 'retired')]),
        eb('terminal_phone', '=', phone),
      ]),
    )
    .execute();
  const other = clash.find((c) => c.id !== exceptId);
  if (other) {
    const field = other.terminal_phone === phone ? 'terminalPhone' : 'plate';
    throw new AppError(
      'conflict',
      field === 'plate'
        ? `Truck ${other.id} already carries plate ${plate}`
        : `Truck ${other.id} already has terminal ${phone}`,
      { field, id: other.id },
    );
  }
}

export async function createTruck(
  db: Db,
  principal: Principal,
  body: WasteTruckBody,
): Promise<WasteTruckView> {
  const plate = normalizePlate(body.plate);
  const phone = normalizeTerminalPhone(body.terminalPhone);
  const id = await inTransaction(db, async (trx) => {
    const company = await requireFleetManager(trx, principal, body.companyId);
    await checkTruckFree(trx, plate, phone, null);
    const row = await trx
      .insertInto('waste_trucks')
      .values({
        region_code: company.region_code,
        company_id: company.id,
        plate,
        terminal_phone: phone,
        terminal_id: body.terminalId ?? null,
        capacity_m3: body.capacityM3,
        has_cover_sensor: body.hasCoverSensor ?? true,
        cover_status_bit: body.coverStatusBit ?? 17,
        status: body.status ?? 'active',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditRegistry(
      trx,
      principal,
      'waste.truck.create',
      'waste_truck',
      row.id,
      company.region_code,
      {
        plate,
        terminalPhone: phone,
        companyId: company.id,
      },
    );
    return row.id;
  });
  return getTruck(db, principal, id);
}

export async function updateTruck(
  db: Db,
  principal: Principal,
  id: number,
  body: WasteTruckBody,
): Promise<WasteTruckView> {
  const plate = normalizePlate(body.plate);
  const phone = normalizeTerminalPhone(body.terminalPhone);
  await inTransaction(db, async (trx) => {
    const current = await trx
      .selectFrom('waste_trucks')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current || !canReadRegion(registryReadScope(principal), current.region_code)) {
      throw notFound('truck', id);
    }
    await requireFleetManager(trx, principal, current.company_id, 'id');
    const company = await requireFleetManager(trx, principal, body.companyId);
    await checkTruckFree(trx, plate, phone, id);
    await trx
      .updateTable('waste_trucks')
      .set({
        region_code: company.region_code,
        company_id: company.id,
        plate,
        terminal_phone: phone,
        terminal_id: body.terminalId ?? null,
        // A new terminal is another vehicle to telematics: the link is found again.
        vehicle_id: phone === current.terminal_phone ? current.vehicle_id : null,
        capacity_m3: body.capacityM3,
        has_cover_sensor: body.hasCoverSensor ?? current.has_cover_sensor,
        cover_status_bit: body.coverStatusBit ?? current.cover_status_bit,
        status: body.status ?? current.status,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
    await auditRegistry(
      trx,
      principal,
      'waste.truck.update',
      'waste_truck',
      id,
      company.region_code,
      {
        before: {
          plate: current.plate,
          terminalPhone: current.terminal_phone,
          status: current.status,
        },
        after: { plate, terminalPhone: phone, status: body.status ?? current.status },
      },
    );
  });
  return getTruck(db, principal, id);
}

/** Records the telematics vehicle of a truck once its terminal has been seen. */
export async function linkTruckVehicle(db: Db, truckId: number, vehicleId: number) {
  await db
    .updateTable('waste_trucks')
    .set({ vehicle_id: vehicleId })
    .where('id', '=', truckId)
    .where((eb) => eb.or([eb('vehicle_id', 'is', null), eb('vehicle_id', '<>', vehicleId)]))
    .execute();
}
