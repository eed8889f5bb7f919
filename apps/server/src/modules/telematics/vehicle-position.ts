// What flows through the position pipeline: a vehicle and its positions, checked before storage.
import type { PositionRejectReason } from '@citygov/contracts';

/** The vehicle a position belongs to, as listeners see it. */
export interface VehicleRef {
  id: number;
  plate: string;
  terminalPhone: string;
  regionCode: string;
  company: string | null;
}

/** One accepted position (WGS-84 as reported). */
export interface VehiclePosition {
  vehicleId: number;
  /** Device (GNSS) time. */
  recordedAt: Date;
  receivedAt: Date;
  lat: number;
  lon: number;
  speedKmh: number;
  /** 0–359. */
  direction: number;
  altitudeM: number;
  alarmBits: number;
  statusBits: number;
  /** Re-sent after an outage: older than positions that arrived before it. */
  isBlindArea: boolean;
  source: 'jt808' | 'http';
  extras: Record<string, unknown> | null;
  /** The vehicle's region (the distribution key of business data). */
  regionCode: string;
}

/** Status bit 1: the fix is valid (terminals without a fix often report 0,0). */
export const isPositioned = (position: Pick<VehiclePosition, 'statusBits'>) =>
  (position.statusBits & 0b10) !== 0;

export interface PositionLimits {
  maxAgeDays: number;
  maxFutureMinutes: number;
}

export interface PositionValues {
  recordedAt: Date | null;
  lat: number;
  lon: number;
  speedKmh: number;
  direction: number;
  altitudeM: number;
  alarmBits: number;
  statusBits: number;
}

export interface PositionProblem {
  reason: PositionRejectReason;
  message: string;
}

const DWORD_MAX = 0xffffffff;
const DAY_MS = 86_400_000;

/**
 * Why a position cannot be stored, or null. Every value that reaches the INSERT passes here, so
 * one bad row never fails a whole batch.
 */
export function findPositionProblem(
  values: PositionValues,
  nowMs: number,
  limits: PositionLimits,
): PositionProblem | null {
  const { recordedAt } = values;
  if (recordedAt === null || Number.isNaN(recordedAt.getTime())) {
    return { reason: 'bad_time', message: 'the position has no valid device time' };
  }
  const time = recordedAt.getTime();
  if (
    time < nowMs - limits.maxAgeDays * DAY_MS ||
    time > nowMs + limits.maxFutureMinutes * 60_000
  ) {
    return {
      reason: 'time_out_of_range',
      message: `device time ${recordedAt.toISOString()} is more than ${limits.maxAgeDays} days old or ${limits.maxFutureMinutes} minutes ahead`,
    };
  }
  if (!(Math.abs(values.lat) <= 90) || !(Math.abs(values.lon) <= 180)) {
    return { reason: 'bad_value', message: 'lat must lie within ±90 and lon within ±180' };
  }
  if (!(values.speedKmh >= 0 && values.speedKmh <= 6553.5)) {
    return { reason: 'bad_value', message: 'speedKmh must lie within 0–6553.5' };
  }
  if (!(values.direction >= 0 && values.direction <= 360)) {
    return { reason: 'bad_value', message: 'direction must lie within 0–360' };
  }
  if (!(values.altitudeM >= -1000 && values.altitudeM <= 65535)) {
    return { reason: 'bad_value', message: 'altitudeM must lie within -1000–65535' };
  }
  if (!isDword(values.alarmBits) || !isDword(values.statusBits)) {
    return { reason: 'bad_value', message: 'alarm and status must be integers of 32 bits' };
  }
  return null;
}

const isDword = (value: number) => Number.isInteger(value) && value >= 0 && value <= DWORD_MAX;

/** Rounds what the columns store as integers (360° is north again). */
export function normaliseDirection(direction: number): number {
  return Math.round(direction) % 360;
}
