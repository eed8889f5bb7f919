// The workflow engine: start an instance, perform an action. Each runs in ONE transaction that
// locks the instance, updates it, appends history, the audit entry and the outbox event, and
// replaces the instance's timers, so a failing step leaves nothing behind.
import type { Duration, WorkflowDefinition } from '@citygov/contracts';
import { AppError, invalid, notFound } from '../errors.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { appendAudit, type Actor } from '../audit/ledger.ts';
import { actorOf, type Principal } from '../auth/principal.ts';
import { isWithinRegion } from '../auth/region.ts';
import { ensureCalendarLoaded } from '../calendar/calendar-store.ts';
import { definitionOf, guardNamed, OWNER } from './definition.ts';
import { overallPolicy, plannedTimers } from './deadlines.ts';
import {
  insertHistory,
  insertInstance,
  insertOutboxEvent,
  lockInstance,
  replaceTimers,
  writeTransition,
  type HistoryEntry,
  type InstanceRef,
  type WorkflowInstance,
} from './instance-repository.ts';
import type { TimerTarget } from './workflow-tables.ts';

export interface TransitionResult {
  instance: WorkflowInstance;
  entry: HistoryEntry;
  definition: WorkflowDefinition;
}

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
  action: WorkflowDefinition['actions'][string],
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

function eventOf(
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

export interface StartInstanceInput {
  /** A registered definition (registerDefinition). */
  definition: WorkflowDefinition;
  subjectType: string;
  subjectId: string | number;
  regionCode: string;
  departmentId?: number | null;
  /** The applicant or creator: who acts as 'owner'. */
  ownerUserId?: number | null;
  actor: Actor;
  data?: Record<string, unknown>;
  /** This instance's overall limit, replacing the definition's (e.g. a task's working days). */
  limit?: Duration;
  note?: string | null;
  now?: Date;
}

/** Starts an instance in the initial state (in the caller's transaction when given one). */
export async function startInstance(db: Db, input: StartInstanceInput): Promise<TransitionResult> {
  const calendar = await ensureCalendarLoaded(db);
  const def = definitionOf(input.definition.key, input.definition.version);
  return inTransaction(db, async (trx) => {
    const now = input.now ?? new Date();
    const policy = overallPolicy(def, input.limit);
    const stateLimit = def.states[def.initialState]!.timeLimit?.limit;
    const deadline = policy ? calendar.addDuration(now, policy.limit) : null;
    const stateDeadline = stateLimit ? calendar.addDuration(now, stateLimit) : null;
    const instance = await insertInstance(trx, {
      region_code: input.regionCode,
      department_id: input.departmentId ?? null,
      definition_key: def.key,
      definition_version: def.version,
      subject_type: input.subjectType,
      subject_id: String(input.subjectId),
      owner_user_id: input.ownerUserId ?? null,
      state: def.initialState,
      data: JSON.stringify(input.data ?? {}),
      deadline_at: deadline,
      deadline_unit: policy?.limit.unit ?? null,
      state_entered_at: now,
      state_deadline_at: stateDeadline,
      state_deadline_unit: stateLimit?.unit ?? null,
      history_count: 1,
      created_at: now,
      updated_at: now,
    });
    const entry = await insertHistory(trx, {
      instance_id: instance.id,
      region_code: instance.region_code,
      seq: 1,
      action: 'start',
      from_state: null,
      to_state: instance.state,
      actor_id: input.actor.id,
      actor_kind: input.actor.kind,
      actor_name: input.actor.name,
      note: input.note?.trim() || null,
      data: policy ? { _limit: policy.limit } : {},
      deadline_at: deadline,
      state_deadline_at: stateDeadline,
      at: now,
    });
    await appendAudit(trx, {
      actor: input.actor,
      action: `${def.key}.start`,
      subjectType: instance.subject_type,
      subjectId: instance.subject_id,
      regionCode: instance.region_code,
      departmentId: instance.department_id,
      data: { instanceId: instance.id, state: instance.state, deadlineAt: deadline },
    });
    await insertOutboxEvent(trx, eventOf(def, instance, entry));
    const timers = plannedTimers(def, instance, ['instance', 'state'], now, calendar);
    if (timers.length) await replaceTimers(trx, instance, [], timers);
    return { instance, entry, definition: def };
  });
}

export interface PerformActionInput {
  ref: InstanceRef;
  action: string;
  principal: Principal;
  note?: string | null;
  data?: Record<string, unknown>;
  now?: Date;
  /** Runs on the locked instance first; throw to refuse (e.g. 404 for a caller out of scope). */
  authorize?: (instance: WorkflowInstance) => void;
}

async function checkGuards(
  trx: Db,
  names: readonly string[],
  context: Omit<Parameters<NonNullable<ReturnType<typeof guardNamed>>>[0], 'db'>,
): Promise<void> {
  for (const name of names) {
    const reason = await guardNamed(name)!({ ...context, db: trx });
    if (reason)
      throw new AppError('state_conflict', reason, { guard: name, action: context.action });
  }
}

/**
 * Performs one action: checks state, role in scope, input and guards, then moves the instance,
 * the clock, history, audit, outbox and timers together.
 */
export async function performAction(db: Db, input: PerformActionInput): Promise<TransitionResult> {
  const calendar = await ensureCalendarLoaded(db);
  return inTransaction(db, async (trx) => {
    const now = input.now ?? new Date();
    const instance = await lockInstance(trx, input.ref);
    if (!instance) {
      throw 'id' in input.ref
        ? notFound('workflow instance', input.ref.id)
        : notFound(input.ref.subjectType, input.ref.subjectId);
    }
    input.authorize?.(instance);
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
    await checkGuards(trx, action.guards ?? [], {
      instance,
      principal: input.principal,
      action: input.action,
      note,
      data,
    });

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

    const merged = Object.keys(data).length ? { ...instance.data, ...data } : instance.data;
    const changes = {
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
    const updated: WorkflowInstance = { ...instance, ...changes, data: merged };
    const actor = actorOf(input.principal);
    const entry: HistoryEntry = {
      instance_id: instance.id,
      region_code: instance.region_code,
      seq: instance.history_count + 1,
      action: input.action,
      from_state: from,
      to_state: to,
      actor_id: actor.id,
      actor_kind: actor.kind,
      actor_name: actor.name,
      note,
      // As it reads back from jsonb (dates as ISO strings).
      data: JSON.parse(
        JSON.stringify(Object.keys(clock).length ? { ...data, _clock: clock } : data),
      ) as Record<string, unknown>,
      deadline_at: deadlineAt,
      state_deadline_at: stateDeadlineAt,
      at: now,
    };
    await writeTransition(trx, {
      instanceId: instance.id,
      patch: merged === instance.data ? changes : { ...changes, data: JSON.stringify(merged) },
      entry,
      event: eventOf(def, updated, entry),
    });
    await appendAudit(trx, {
      actor,
      action: `${def.key}.${input.action}`,
      subjectType: instance.subject_type,
      subjectId: instance.subject_id,
      regionCode: instance.region_code,
      departmentId: instance.department_id,
      data: { instanceId: instance.id, from, to, ...(note && { note }) },
    });
    if (clear === 'all' || clear.length || plan.length) {
      await replaceTimers(trx, updated, clear, plannedTimers(def, updated, plan, now, calendar));
    }
    return { instance: updated, entry, definition: def };
  });
}
