// Vehicles over HTTP: list (with the latest position), one vehicle, register one; all
// scoped to the caller's regions.
import type {
  CreateVehicleBody,
  VehicleList,
  VehicleListQuery,
  VehiclePositionView,
  VehicleView,
} from '@citygov/contracts';
import type { Selectable } from 'kysely';
import { appendAudit } from '../../platform/audit/ledger.ts';
import { actorOf, can, scopesFor, type Principal } from '../../platform/auth/principal.ts';
import { inTransaction, type Db } from '../../platform/db/database.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import type { VehicleLatestPositionsTable, VehiclesTable } from './telematics-tables.ts';

export const VEHICLES_READ = 'vehicles:read';
export const VEHICLES_MANAGE = 'vehicles:manage';

type VehicleRow = Pick<
  Selectable<VehiclesTable>,
  | 'id'
  | 'plate'
  | 'plate_color'
  | 'terminal_phone'
  | 'region_code'
  | 'company'
  | 'status'
  | 'registered_at'
  | 'authenticated_at'
>;
type LatestRow = Selectable<VehicleLatestPositionsTable>;

/** Region prefixes where the principal may read vehicles (empty: none). */
export const readablePrefixes = (principal: Principal) =>
  scopesFor(principal, VEHICLES_READ).map((scope) => scope.prefix);

/** The stored position as the API shows it. */
export function positionViewOf(
  row: Omit<LatestRow, 'vehicle_id' | 'region_code'>,
): VehiclePositionView {
  return {
    recordedAt: row.recorded_at.toISOString(),
    receivedAt: row.received_at.toISOString(),
    lat: row.lat,
    lon: row.lon,
    speedKmh: Math.round(row.speed_kmh * 10) / 10,
    direction: row.direction,
    altitudeM: row.altitude_m,
    alarmBits: Number(row.alarm_bits),
    statusBits: Number(row.status_bits),
  };
}

function vehicleViewOf(row: VehicleRow, latest: LatestRow | null): VehicleView {
  return {
    id: row.id,
    plate: row.plate,
    plateColor: row.plate_color,
    terminalPhone: row.terminal_phone,
    regionCode: row.region_code,
    company: row.company,
    status: row.status,
    registeredAt: row.registered_at?.toISOString() ?? null,
    authenticatedAt: row.authenticated_at?.toISOString() ?? null,
    latest: latest === null ? null : positionViewOf(latest),
  };
}

const vehicleColumns = [
  'vehicles.id',
  'vehicles.plate',
  'vehicles.plate_color',
  'vehicles.terminal_phone',
  'vehicles.region_code',
  'vehicles.company',
  'vehicles.status',
  'vehicles.registered_at',
  'vehicles.authenticated_at',
] as const;

/** Vehicles in the caller's regions with their latest positions, by plate. */
export async function listVehicles(
  db: Db,
  principal: Principal,
  query: VehicleListQuery,
): Promise<VehicleList> {
  const prefixes = readablePrefixes(principal);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  if (prefixes.length === 0) return { total: 0, page, pageSize, items: [] };
  let base = db
    .selectFrom('vehicles')
    .where((eb) => eb.or(prefixes.map((p) => eb('vehicles.region_code', 'like', `${p}%`))));
  if (query.regionCode !== undefined) {
    base = base.where('vehicles.region_code', 'like', `${query.regionCode}%`);
  }
  if (query.status !== undefined) base = base.where('vehicles.status', '=', query.status);
  if (query.q !== undefined) {
    const fragment = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.or([
        eb('vehicles.plate', 'like', fragment),
        eb('vehicles.terminal_phone', 'like', fragment),
      ]),
    );
  }
  const [rows, counted] = await Promise.all([
    base
      .leftJoin('vehicle_latest_positions as l', 'l.vehicle_id', 'vehicles.id')
      .select(vehicleColumns)
      .select([
        'l.vehicle_id as l_vehicle_id',
        'l.recorded_at',
        'l.received_at',
        'l.lat',
        'l.lon',
        'l.speed_kmh',
        'l.direction',
        'l.altitude_m',
        'l.alarm_bits',
        'l.status_bits',
      ])
      .orderBy('vehicles.plate')
      .orderBy('vehicles.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(counted.n),
    page,
    pageSize,
    items: rows.map((row) => ({
      ...vehicleViewOf(row, null),
      latest:
        row.l_vehicle_id === null
          ? null
          : positionViewOf({
              recorded_at: row.recorded_at!,
              received_at: row.received_at!,
              lat: row.lat!,
              lon: row.lon!,
              speed_kmh: row.speed_kmh!,
              direction: row.direction!,
              altitude_m: row.altitude_m!,
              alarm_bits: row.alarm_bits!,
              status_bits: row.status_bits!,
            }),
    })),
  };
}

/** A vehicle the caller may read (404 otherwise: another region's vehicles are not shown). */
export async function findReadableVehicle(
  db: Db,
  principal: Principal,
  id: number,
): Promise<VehicleRow> {
  const row = await db
    .selectFrom('vehicles')
    .select(vehicleColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined || !can(principal, VEHICLES_READ, { regionCode: row.region_code })) {
    throw notFound('vehicle', id);
  }
  return row;
}

export async function getVehicle(db: Db, principal: Principal, id: number): Promise<VehicleView> {
  const row = await findReadableVehicle(db, principal, id);
  const latest = await db
    .selectFrom('vehicle_latest_positions')
    .selectAll()
    .where('vehicle_id', '=', id)
    .executeTakeFirst();
  return vehicleViewOf(row, latest ?? null);
}

/** Registers a vehicle and its terminal (the terminal then registers itself over JT/T 808). */
export async function createVehicle(
  db: Db,
  principal: Principal,
  body: CreateVehicleBody,
): Promise<VehicleView> {
  if (!can(principal, VEHICLES_MANAGE, { regionCode: body.regionCode })) {
    throw forbidden(`You may not register vehicles in region ${body.regionCode}`);
  }
  const plate = body.plate.trim();
  const terminalPhone = body.terminalPhone.replace(/^0+(?=\d)/, '');
  return inTransaction(db, async (trx) => {
    const division = await trx
      .selectFrom('divisions')
      .select('code')
      .where('code', '=', body.regionCode)
      .executeTakeFirst();
    if (division === undefined) throw invalid('regionCode', `region ${body.regionCode} is unknown`);
    const clash = await trx
      .selectFrom('vehicles')
      .select(['plate', 'terminal_phone'])
      .where((eb) =>
        eb.or([
          eb('terminal_phone', '=', terminalPhone),
          eb.and([eb('plate', '=', plate), eb('status', '<>', 'retired')]),
        ]),
      )
      .executeTakeFirst();
    if (clash !== undefined) {
      const field = clash.terminal_phone === terminalPhone ? 'terminalPhone' : 'plate';
      throw new AppError('conflict', `A vehicle with this ${field} is already registered`, {
        field,
      });
    }
    const row = await trx
      .insertInto('vehicles')
      .values({
        plate,
        plate_color: body.plateColor ?? 2,
        terminal_phone: terminalPhone,
        region_code: body.regionCode,
        company: body.company ?? null,
        auth_code_hash: null,
        manufacturer_id: null,
        terminal_model: null,
        terminal_id: null,
        vin: null,
        registered_at: null,
        authenticated_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'vehicle.created',
      subjectType: 'vehicle',
      subjectId: row.id,
      regionCode: body.regionCode,
      data: { plate, terminalPhone, company: body.company ?? null },
    });
    const created = await trx
      .selectFrom('vehicles')
      .select(vehicleColumns)
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    return vehicleViewOf(created, null);
  });
}
