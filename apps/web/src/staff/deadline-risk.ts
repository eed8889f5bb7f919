// How close a record is to its time limit. "At risk" means less than one working day is
// left: the deadline falls on the current working day (the API's workingDays === 0).

export type DeadlineRisk = 'overdue' | 'atRisk' | 'normal' | 'paused' | 'closed' | 'none';

export function riskOf(input: {
  isOverdue: boolean;
  isPaused: boolean;
  isClosed: boolean;
  hasDeadline: boolean;
  /** Working days left after today; undefined while unknown. */
  workingDaysLeft: number | undefined;
}): DeadlineRisk {
  if (input.isClosed) return 'closed';
  if (input.isOverdue) return 'overdue';
  if (input.isPaused) return 'paused';
  if (!input.hasDeadline) return 'none';
  if (input.workingDaysLeft !== undefined && input.workingDaysLeft < 1) return 'atRisk';
  return 'normal';
}

export const riskColors: Record<DeadlineRisk, { tag: string; row?: string }> = {
  overdue: { tag: 'error', row: '#fff1f0' },
  atRisk: { tag: 'warning', row: '#fff7e6' },
  normal: { tag: 'success' },
  paused: { tag: 'default' },
  closed: { tag: 'default' },
  none: { tag: 'default' },
};
