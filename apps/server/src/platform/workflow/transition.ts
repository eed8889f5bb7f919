// What one action does to an instance, decided in memory: the checks (state, role in scope,
// input) and the plan (new state, clock, deadlines, history entry, event, audit entry, timers).
// The engine runs the guards and writes the plan (transition-write.ts).
import type { WorkflowDefinition } from '@citygov/contracts';
import { AppError, invalid } from '../errors.ts';
import { prepareAuditEntry } from '../audit/ledger.ts';
import { actorOf, type Principal } from '../auth/principal.ts';
import { isWithinRegion } from '../auth/region.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { definitionOf, OWNER } from './definition.ts';
import { plannedTimers } from './deadlines.ts';
import type { HistoryEntry, WorkflowInstance } from './instance-repository.ts';
import type { TransitionWrite } from './transition-write.ts';
import type { TimerTarget } from './workflow-tables.ts';

export type WorkflowAction = WorkflowDefinition['actions'][string];

/** Whether the principal holds one of `roles` in the instance's scope, or is its owner. */
export function holdsActionRole(
  principal: Principal,
  roles: readonly string[],
  instance: Pick<WorkflowInstance, 'region_code' | 'department_id' | 'owner_user_id'>,
): boolean {
  if (
    roles.includes(OWNER) &&
    principal.kind === 'user' &&
    principal.userId !== null &&
    instance.owner_user_id === principal.userId
  ) {
    return true;
  }
  return principal.grants.some(
    (g) =>
      roles.includes(g.role) &&
      isWithinRegion(instance.region_code, g.regionCode) &&
      (g.departmentId === null || g.departmentId === instance.department_id),
  );
}

const isBlank = (v: unknown) => v === undefined || v === null || v === '';

function checkedInput(
  name: string,
  action: WorkflowAction,
  note: string | null | undefined,
  data: Record<string, unknown> | undefined,
): { note: string | null; data: Record<string, unknown> } {
  const trimmed = note?.trim() || null;
  if (action.isNoteRequired && !trimmed) {
    throw invalid('note', `A note (the reason) is required for "${name}"`);
  }
  const required = action.input?.required ?? [];
  const allowed = new Set([...required, ...(action.input?.optional ?? [])]);
  const given = data ?? {};
  for (const key of Object.keys(given)) {
    if (!allowed.has(key)) throw invalid(`data.${key}`, `data.${key} is not a field of "${name}"`);
  }
  for (const key of required) {
    if (isBlank(given[key])) throw invalid(`data.${key}`, `data.${key} is required for "${name}"`);
  }
  return { note: trimmed, data: given };
}

/** An action that passed the checks, ready for its guards and its plan. */
export interface CheckedAction {
  def: WorkflowDefinition;
  name: string;
  action: WorkflowAction;
  note: string | null;
  data: Record<string, unknown>;
}

/** Checks the action against the instance: exists, allowed from this state, role, input. */
export function checkAction(
  instance: WorkflowInstance,
  input: {
    action: string;
    principal: Principal;
    note?: string | null;
    data?: Record<string, unknown>;
  },
): CheckedAction {
  const def = definitionOf(instance.definition_key, instance.definition_version);
  const action = Object.hasOwn(def.actions, input.action) ? def.actions[input.action] : undefined;
  if (!action) {
    throw new AppError('not_found', `${def.label.en} has no action "${input.action}"`, {
      field: 'action',
      action: input.action,
    });
  }
  const from = instance.state;
  const fromLabel = def.states[from]!.label;
  if (!action.from.includes(from)) {
    throw new AppError(
      'state_conflict',
      `"${input.action}" is not possible while the ${def.label.en} is in state "${from}" (${fromLabel.zh} / ${fromLabel.en})`,
      { state: from, action: input.action, allowedFrom: action.from },
    );
  }
  if (!holdsActionRole(input.principal, action.roles, instance)) {
    throw new AppError(
      'forbidden',
      `Only ${action.roles.join(' or ')} in this record's region and department may "${input.action}"`,
      { action: input.action, roles: action.roles },
    );
  }
  const { note, data } = checkedInput(input.action, action, input.note, input.data);
  return { def, name: input.action, action, note, data };
}

export function eventOf(
  def: WorkflowDefinition,
  instance: WorkflowInstance,
  entry: HistoryEntry,
): { topic: string; regionCode: string; payload: Record<string, unknown> } {
  return {
    topic: `${def.key}.${entry.action}`,
    regionCode: instance.region_code,
    payload: {
      instanceId: instance.id,
      definition: def.key,
      version: def.version,
      subjectType: instance.subject_type,
      subjectId: instance.subject_id,
      departmentId: instance.department_id,
      ownerUserId: instance.owner_user_id, // lets the owner (a citizen) follow their own record live
      action: entry.action,
      from: entry.from_state,
      to: entry.to_state,
      actor: { id: entry.actor_id, kind: entry.actor_kind, name: entry.actor_name },
      at: entry.at,
      deadlineAt: instance.deadline_at,
      stateDeadlineAt: instance.state_deadline_at,
    },
  };
}

/** The whole of a checked action's effect: the instance after it, and what to write. */
export function planTransition(
  instance: WorkflowInstance,
  checked: CheckedAction,
  principal: Principal,
  now: Date,
  calendar: WorkingCalendar,
): { updated: WorkflowInstance; entry: HistoryEntry; write: TransitionWrite } {
  const { def, action, note, data } = checked;
  const from = instance.state;
  const to = action.to;
  const isStateChange = to !== from;
  const isFinal = def.states[to]!.isFinal === true;
  let deadlineAt = instance.deadline_at;
  let stateDeadlineAt = instance.state_deadline_at;
  let stateDeadlineUnit = instance.state_deadline_unit;
  let stateEnteredAt = instance.state_entered_at;
  let pausedAt = instance.paused_at;
  let pausedSeconds = Number(instance.paused_seconds);
  const clock: Record<string, unknown> = {};
  let clear: TimerTarget[] | 'all' = [];
  let plan: TimerTarget[] = [];
  const pausedSecondsUntil = (at: Date) => Math.round((now.getTime() - at.getTime()) / 1000);

  if (action.clock === 'resume' && pausedAt) {
    // The time spent paused does not count: every deadline moves by it.
    if (deadlineAt && instance.deadline_unit) {
      const shift = calendar.shiftForPause(deadlineAt, instance.deadline_unit, pausedAt, now);
      deadlineAt = shift.deadline;
      clock.deadlineShift = { amount: shift.amount, unit: instance.deadline_unit };
    }
    if (stateDeadlineAt && stateDeadlineUnit) {
      const since = stateEnteredAt > pausedAt ? stateEnteredAt : pausedAt;
      stateDeadlineAt = calendar.shiftForPause(
        stateDeadlineAt,
        stateDeadlineUnit,
        since,
        now,
      ).deadline;
    }
    clock.resumed = { pausedAt, seconds: pausedSecondsUntil(pausedAt) };
    pausedSeconds += pausedSecondsUntil(pausedAt);
    pausedAt = null;
    clear = 'all';
    plan = ['instance', 'state'];
  }
  if (isStateChange) {
    const limit = def.states[to]!.timeLimit?.limit;
    stateEnteredAt = now;
    stateDeadlineAt = limit ? calendar.addDuration(now, limit) : null;
    stateDeadlineUnit = limit?.unit ?? null;
    if (clear !== 'all' && def.states[from]!.timeLimit) clear = ['state'];
    if (!plan.includes('state')) plan.push('state');
  }
  if (action.clock === 'pause' && !pausedAt) {
    pausedAt = now;
    clock.paused = true;
    clear = 'all';
  }
  if (isFinal && pausedAt) {
    pausedSeconds += pausedSecondsUntil(pausedAt);
    pausedAt = null;
  }
  if (isFinal) clear = 'all';
  if (isFinal || pausedAt) plan = []; // no timers run while the clock is stopped or after the end

  const hasData = Object.keys(data).length > 0;
  // As it reads back from jsonb: the instance after the action may be remembered (instance-cache.ts).
  const merged = hasData
    ? (JSON.parse(JSON.stringify({ ...instance.data, ...data })) as Record<string, unknown>)
    : instance.data;
  const next = {
    state: to,
    deadline_at: deadlineAt,
    state_entered_at: stateEnteredAt,
    state_deadline_at: stateDeadlineAt,
    state_deadline_unit: stateDeadlineUnit,
    paused_at: pausedAt,
    paused_seconds: pausedSeconds,
    history_count: instance.history_count + 1,
    updated_at: now,
    closed_at: isFinal ? now : instance.closed_at,
  };
  const updated: WorkflowInstance = { ...instance, ...next, data: merged };
  const actor = actorOf(principal);
  const historyData = Object.keys(clock).length ? { ...data, _clock: clock } : data;
  const entry: HistoryEntry = {
    instance_id: instance.id,
    region_code: instance.region_code,
    seq: next.history_count,
    action: checked.name,
    from_state: from,
    to_state: to,
    actor_id: actor.id,
    actor_kind: actor.kind,
    actor_name: actor.name,
    note,
    // As it reads back from jsonb (dates as ISO strings).
    data:
      hasData || Object.keys(clock).length
        ? (JSON.parse(JSON.stringify(historyData)) as Record<string, unknown>)
        : {},
    deadline_at: deadlineAt,
    state_deadline_at: stateDeadlineAt,
    at: now,
  };
  const audit = prepareAuditEntry({
    actor,
    action: `${def.key}.${checked.name}`,
    subjectType: instance.subject_type,
    subjectId: instance.subject_id,
    regionCode: instance.region_code,
    departmentId: instance.department_id,
    data: { instanceId: instance.id, from, to, ...(note && { note }) },
  });
  return {
    updated,
    entry,
    write: {
      instance,
      next,
      data: hasData ? merged : null,
      entry,
      event: eventOf(def, updated, entry),
      clearTimers: clear,
      timers:
        clear === 'all' || clear.length || plan.length
          ? plannedTimers(def, updated, plan, now, calendar)
          : [],
      audit,
    },
  };
}
