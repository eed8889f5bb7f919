// From a definition's time-limit policies to deadlines and timers (pure: no database).
import type { Duration, TimeLimitPolicy, WorkflowDefinition } from '@citygov/contracts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import type { NewTimer, WorkflowInstance } from './instance-repository.ts';
import type { TimerTarget } from './workflow-tables.ts';

/** The overall policy: the definition's, with the limit this instance was started with. */
export function overallPolicy(
  def: WorkflowDefinition,
  instanceLimit?: Duration,
): TimeLimitPolicy | undefined {
  if (!def.timeLimit && !instanceLimit) return undefined;
  return { ...def.timeLimit, limit: instanceLimit ?? def.timeLimit!.limit };
}

export type DeadlineFields = Pick<
  WorkflowInstance,
  | 'state'
  | 'deadline_at'
  | 'deadline_unit'
  | 'state_deadline_at'
  | 'state_deadline_unit'
  | 'is_overdue'
  | 'escalation_level'
>;

/**
 * The timers a policy sets around a deadline: reminders before it (only those still ahead),
 * the overdue flag at it (unless already flagged and past), escalations at or after it.
 */
function timersAround(
  policy: TimeLimitPolicy,
  deadline: Date,
  target: TimerTarget,
  fields: DeadlineFields,
  now: Date,
  calendar: WorkingCalendar,
): NewTimer[] {
  const timers: NewTimer[] = [];
  const base = { target, state: fields.state, role: null, level: 0 };
  for (const before of policy.remindBefore ?? []) {
    const fireAt = calendar.subtractDuration(deadline, before);
    if (fireAt > now) timers.push({ ...base, kind: 'remind', fireAt });
  }
  if ((policy.flagOverdue ?? true) && (deadline > now || !fields.is_overdue)) {
    timers.push({ ...base, kind: 'overdue', fireAt: deadline });
  }
  (policy.escalate ?? []).forEach((step, i) => {
    const level = i + 1;
    const fireAt = step.after ? calendar.addDuration(deadline, step.after) : deadline;
    // A past escalation is set again only when it has not been reached (e.g. the scheduler was down).
    const isPending = fireAt > now || (target === 'instance' && level > fields.escalation_level);
    if (isPending) timers.push({ ...base, kind: 'escalate', level, role: step.role, fireAt });
  });
  return timers;
}

/** The timers of the given targets for an instance's current deadlines. */
export function plannedTimers(
  def: WorkflowDefinition,
  fields: DeadlineFields,
  targets: TimerTarget[],
  now: Date,
  calendar: WorkingCalendar,
): NewTimer[] {
  const timers: NewTimer[] = [];
  if (targets.includes('instance') && fields.deadline_at) {
    const policy = overallPolicy(def, { amount: 1, unit: fields.deadline_unit ?? 'workdays' });
    if (policy)
      timers.push(...timersAround(policy, fields.deadline_at, 'instance', fields, now, calendar));
  }
  const statePolicy = def.states[fields.state]?.timeLimit;
  if (targets.includes('state') && statePolicy && fields.state_deadline_at) {
    timers.push(
      ...timersAround(statePolicy, fields.state_deadline_at, 'state', fields, now, calendar),
    );
  }
  return timers;
}
