// HTTP batch ingestion: positions forwarded by other platforms (a provincial freight platform,
// a fleet operator). Every row is checked on its own; refused rows are named with a reason and
// the rest are stored (the answer comes once they are).
import type {
  ForwardedPosition,
  PositionIngestResult,
  PositionRejectReason,
} from '@citygov/contracts';
import { can, type Principal } from '../../platform/auth/principal.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { isInsideCity } from '../../platform/geo/city.ts';
import type { PositionPipeline } from './position-pipeline.ts';
import type { TelematicsSettings } from './settings.ts';
import { positionsReceived, positionsRejected } from './telematics-metrics.ts';
import {
  findPositionProblem,
  normaliseDirection,
  type VehiclePosition,
  type VehicleRef,
} from './vehicle-position.ts';

export const TELEMATICS_INGEST = 'telematics:ingest';

// RFC 3339 date-time with a zone (Z or ±hh:mm): a time without one is ambiguous.
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

interface VehicleRecord extends VehicleRef {
  status: string;
}

/** Checks and stores forwarded positions; answers how many were accepted and why others were not. */
export async function ingestForwardedPositions(
  db: Db,
  pipeline: PositionPipeline,
  principal: Principal,
  rows: readonly ForwardedPosition[],
  settings: Pick<TelematicsSettings, 'maxAgeDays' | 'maxFutureMinutes'>,
): Promise<PositionIngestResult> {
  if (pipeline.isClosed || pipeline.isOverloaded) {
    throw new AppError('unavailable', 'Position storage is busy; send the batch again shortly');
  }
  positionsReceived.inc({ source: 'http' }, rows.length);
  const { byPhone, byPlate } = await loadVehicles(db, rows);
  const nowMs = Date.now();
  const receivedAt = new Date(nowMs);
  const errors: PositionIngestResult['errors'] = [];
  const groups = new Map<number, { vehicle: VehicleRef; positions: VehiclePosition[] }>();
  const refuse = (index: number, reason: PositionRejectReason, message: string) => {
    errors.push({ index, reason, message });
    positionsRejected.inc({ source: 'http', reason });
  };
  rows.forEach((row, index) => {
    const phone = row.terminalPhone?.replace(/^0+(?=\d)/, '');
    if (phone === undefined && row.plate === undefined) {
      refuse(index, 'no_vehicle', 'give terminalPhone or plate');
      return;
    }
    const vehicle = phone !== undefined ? byPhone.get(phone) : byPlate.get(row.plate!.trim());
    if (vehicle === undefined) {
      refuse(
        index,
        'unknown_vehicle',
        `no vehicle has ${phone !== undefined ? `terminal ${phone}` : `plate ${row.plate}`}`,
      );
      return;
    }
    if (vehicle.status !== 'active') {
      refuse(index, 'vehicle_inactive', `vehicle ${vehicle.plate} is ${vehicle.status}`);
      return;
    }
    if (!can(principal, TELEMATICS_INGEST, { regionCode: vehicle.regionCode })) {
      refuse(index, 'out_of_scope', `vehicle ${vehicle.plate} is outside this key's region`);
      return;
    }
    if (!ZONED_TIME.test(row.recordedAt)) {
      refuse(index, 'bad_time', 'recordedAt must be an ISO 8601 time with a zone');
      return;
    }
    const values = {
      recordedAt: new Date(row.recordedAt),
      lat: row.lat,
      lon: row.lon,
      speedKmh: row.speedKmh,
      direction: row.direction,
      altitudeM: row.altitudeM ?? 0,
      alarmBits: row.alarm ?? 0,
      statusBits: row.status ?? 0,
    };
    const problem = findPositionProblem(values, nowMs, settings);
    if (problem !== null) {
      refuse(index, problem.reason, problem.message);
      return;
    }
    if (!isInsideCity(row.lon, row.lat)) {
      refuse(
        index,
        'outside_city',
        `${row.lat}, ${row.lon} lies outside Chongqing (28.16–32.20 N, 105.29–110.19 E)`,
      );
      return;
    }
    let group = groups.get(vehicle.id);
    if (group === undefined) {
      group = { vehicle, positions: [] };
      groups.set(vehicle.id, group);
    }
    group.positions.push({
      vehicleId: vehicle.id,
      recordedAt: values.recordedAt,
      receivedAt,
      lat: row.lat,
      lon: row.lon,
      speedKmh: row.speedKmh,
      direction: normaliseDirection(row.direction),
      altitudeM: Math.round(values.altitudeM),
      alarmBits: values.alarmBits,
      statusBits: values.statusBits,
      isBlindArea: false,
      source: 'http',
      extras: null,
      regionCode: vehicle.regionCode,
    });
  });
  const accepted = rows.length - errors.length;
  try {
    await pipeline.store([...groups.values()]);
  } catch (error) {
    throw new AppError('unavailable', 'Positions could not be stored; send the batch again', {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
  return { accepted, rejected: errors.length, errors };
}

async function loadVehicles(db: Db, rows: readonly ForwardedPosition[]) {
  const phones = new Set<string>();
  const plates = new Set<string>();
  for (const row of rows) {
    if (row.terminalPhone !== undefined) phones.add(row.terminalPhone.replace(/^0+(?=\d)/, ''));
    else if (row.plate !== undefined) plates.add(row.plate.trim());
  }
  const byPhone = new Map<string, VehicleRecord>();
  const byPlate = new Map<string, VehicleRecord>();
  if (phones.size === 0 && plates.size === 0) return { byPhone, byPlate };
  const found = await db
    .selectFrom('vehicles')
    .select(['id', 'plate', 'terminal_phone', 'region_code', 'company', 'status'])
    .where((eb) =>
      eb.or([
        ...(phones.size > 0 ? [eb('terminal_phone', 'in', [...phones])] : []),
        ...(plates.size > 0
          ? [eb.and([eb('plate', 'in', [...plates]), eb('status', '<>', 'retired')])]
          : []),
      ]),
    )
    .execute();
  for (const row of found) {
    const record: VehicleRecord = {
      id: row.id,
      plate: row.plate,
      terminalPhone: row.terminal_phone,
      regionCode: row.region_code,
      company: row.company,
      status: row.status,
    };
    byPhone.set(row.terminal_phone, record);
    if (row.status !== 'retired') byPlate.set(row.plate, record);
  }
  return { byPhone, byPlate };
}
