// The workflow engine: start an instance, perform an action. Each runs in ONE transaction that
// locks the instance, updates it, appends history, the audit entry and the outbox event, and
// replaces the instance's timers, so a failing step leaves nothing behind.
import type { Duration, WorkflowDefinition } from '@citygov/contracts';
import { AppError, notFound } from '../errors.ts';
import { inTransaction, type Db } from '../db/database.ts';
import { appendAudit, type Actor } from '../audit/ledger.ts';
import type { Principal } from '../auth/principal.ts';
import { ensureCalendarLoaded } from '../calendar/calendar-store.ts';
import { definitionOf, guardNamed } from './definition.ts';
import { overallPolicy, plannedTimers } from './deadlines.ts';
import {
  insertHistory,
  insertInstance,
  insertOutboxEvent,
  readInstance,
  replaceTimers,
  type VersionedInstance,
  type HistoryEntry,
  type InstanceRef,
  type WorkflowInstance,
} from './instance-repository.ts';
import { checkAction, eventOf, planTransition, type CheckedAction } from './transition.ts';
import { writeTransition } from './transition-write.ts';
import { forgetInstance, recallInstance, rememberInstance } from './instance-cache.ts';

export { holdsActionRole } from './transition.ts';

export interface TransitionResult {
  instance: WorkflowInstance;
  entry: HistoryEntry;
  definition: WorkflowDefinition;
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
  /** Runs on the instance as read, before any check; throw to refuse (e.g. 404 for a caller out of scope). */
  authorize?: (instance: WorkflowInstance) => void;
}

async function checkGuards(
  db: Db,
  instance: WorkflowInstance,
  checked: CheckedAction,
  principal: Principal,
): Promise<void> {
  for (const name of checked.action.guards ?? []) {
    const reason = await guardNamed(name)!({
      db,
      instance,
      principal,
      action: checked.name,
      note: checked.note,
      data: checked.data,
    });
    if (reason) throw new AppError('state_conflict', reason, { guard: name, action: checked.name });
  }
}

/** Optimistic tries before a transition falls back to locking the instance. */
const OPTIMISTIC_TRIES = 3;

/**
 * Performs one action: checks state, role in scope, input and guards, then moves the instance,
 * the clock, history, audit, outbox and timers together, in one statement (DR-8).
 *
 * On its own (not in the caller's transaction) and without guards, the action is decided on
 * the instance as this process last wrote it (instance-cache.ts) or as read unlocked, and
 * written only if the row is still that version; when someone changed it in between, it is
 * read again and the action checked again. Inside a transaction, or for an action with guards
 * (they read other rows and must see them while the instance is held), the instance is locked
 * first (SELECT ... FOR UPDATE), as after a few lost races.
 */
export async function performAction(db: Db, input: PerformActionInput): Promise<TransitionResult> {
  const calendar = await ensureCalendarLoaded(db);
  // Answers null when the optimistic write lost a race, 'lock' when it must not be tried.
  const attempt = async (
    trx: Db,
    read: VersionedInstance | undefined,
    lock: boolean,
  ): Promise<TransitionResult | 'lock' | null> => {
    const now = input.now ?? new Date();
    if (!read) {
      throw 'id' in input.ref
        ? notFound('workflow instance', input.ref.id)
        : notFound(input.ref.subjectType, input.ref.subjectId);
    }
    const { instance, version } = read;
    input.authorize?.(instance);
    const checked = checkAction(instance, input);
    if (!lock && checked.action.guards?.length) return 'lock';
    if (lock) await checkGuards(trx, instance, checked, input.principal);
    const { updated, entry, write } = planTransition(
      instance,
      checked,
      input.principal,
      now,
      calendar,
    );
    const written = await writeTransition(trx, write, version);
    if (written === null) return null;
    if (!lock) rememberInstance(trx, { instance: { ...updated }, version: written });
    return { instance: updated, entry, definition: checked.def };
  };
  if (!db.isTransaction) {
    for (let i = 0; i < OPTIMISTIC_TRIES; i++) {
      const recalled = i === 0 ? recallInstance(db, input.ref) : undefined;
      let done: TransitionResult | 'lock' | null;
      try {
        done = await attempt(db, recalled ?? (await readInstance(db, input.ref, false)), false);
      } catch (error) {
        // A refusal stands only on a fresh read.
        if (recalled && error instanceof AppError) {
          forgetInstance(db, input.ref);
          continue;
        }
        throw error;
      }
      if (done === 'lock') break;
      if (done) return done;
      forgetInstance(db, input.ref);
    }
  }
  return inTransaction(db, async (trx) => {
    const done = await attempt(trx, await readInstance(trx, input.ref, true), true);
    if (!done || done === 'lock') throw new Error('workflow: the locked instance was not updated');
    return done;
  });
}
