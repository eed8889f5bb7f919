// When an approval lets a manifest be opened: active, in date (Beijing days), volume left.
import { localDateOf } from '../../../platform/calendar/working-calendar.ts';
import { AppError } from '../../../platform/errors.ts';

export type ApprovalBlock = 'suspended' | 'revoked' | 'not_yet_valid' | 'expired' | 'exhausted';

export interface ApprovalFacts {
  approval_no: string;
  status: 'active' | 'suspended' | 'revoked';
  valid_from: string;
  valid_to: string;
  permitted_volume_m3: number;
  used_volume_m3: number;
}

const EPSILON = 1e-6;

/** Why a manifest of `volume` m³ cannot be opened under the approval on `day`, or null. */
export function approvalBlockOf(a: ApprovalFacts, day: string, volume = 0): ApprovalBlock | null {
  if (a.status !== 'active') return a.status;
  if (day < a.valid_from) return 'not_yet_valid';
  if (day > a.valid_to) return 'expired';
  const left = a.permitted_volume_m3 - a.used_volume_m3;
  if (left <= EPSILON || volume - left > EPSILON) return 'exhausted';
  return null;
}

/** The Beijing day of an instant. */
export const beijingDay = (at: Date = new Date()) => localDateOf(at);

/** 409 naming the approval and why it blocks the manifest. */
export function approvalBlockedError(a: ApprovalFacts, block: ApprovalBlock, volume: number) {
  const left = Math.max(0, a.permitted_volume_m3 - a.used_volume_m3);
  const why: Record<ApprovalBlock, string> = {
    suspended: 'is suspended',
    revoked: 'has been revoked',
    not_yet_valid: `is valid only from ${a.valid_from}`,
    expired: `expired on ${a.valid_to}`,
    exhausted: `has ${left.toFixed(1)} m³ left of ${a.permitted_volume_m3} m³, less than the ${volume} m³ declared`,
  };
  return new AppError('conflict', `Disposal approval ${a.approval_no} ${why[block]}`, {
    field: 'approvalId',
    reason: `approval_${block}`,
    remainingM3: Math.round(left * 10) / 10,
  });
}

/** 'HH:MM' of minutes after midnight (1440 is 24:00). */
export const clockOf = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export const minutesOf = (clock: string) => {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
};
