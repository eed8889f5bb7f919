// The workflow engine: start an instance, perform an action. Each writes the instance, its
// history, the audit entry, the outbox event and the timers together in ONE statement
// (start-write.ts, transition-write.ts), so a failing step leaves nothing behind.
import type { WorkflowDefinition } from '@citygov/contracts';
import { AppError, notFound } from '../errors.ts';
import { inTransaction, type Db } from '../db/database.ts';
import type { Principal } from '../auth/principal.ts';
import { ensureCalendarLoaded } from '../calendar/calendar-store.ts';
import { guardNamed } from './definition.ts';
import {
  readInstance,
  reserveInstanceId,
  type VersionedInstance,
  type HistoryEntry,
  type InstanceRef,
  type WorkflowInstance,
} from './instance-repository.ts';
import { checkAction, planTransition, type CheckedAction } from './transition.ts';
import { planStart, rememberStarted, writeStart, type StartInstanceInput } from './start-write.ts';
import { writeTransition } from './transition-write.ts';
import { forgetInstance, recallInstance, rememberInstance } from './instance-cache.ts';

export { holdsActionRole } from './transition.ts';
export type { StartInstanceInput } from './start-write.ts';

export interface TransitionResult {
  instance: WorkflowInstance;
  entry: HistoryEntry;
  definition: WorkflowDefinition;
}

/**
 * Starts an instance in the initial state (in the caller's transaction when given one): a
 * reserved id, then ONE statement with its history, audit entry, outbox event and timers.
 */
export async function startInstance(db: Db, input: StartInstanceInput): Promise<TransitionResult> {
  const calendar = await ensureCalendarLoaded(db);
  const planned = planStart(input, await reserveInstanceId(db), calendar);
  const version = await writeStart(db, planned);
  // Outside a transaction the row is committed as planned: the next action may start from it.
  rememberStarted(db, planned, version);
  return { instance: planned.instance, entry: planned.entries[0]!, definition: planned.definition };
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
 * the clock, history, audit, outbox and timers together, in one statement (DR-10).
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
