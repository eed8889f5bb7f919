// What a workflow resource answers: state, deadlines with the working time left, flags,
// history, and the actions this caller may take now.
import type {
  DeadlineView,
  DurationUnit,
  WorkflowAvailableAction,
  WorkflowHistoryEntry,
  WorkflowView,
} from '@citygov/contracts';
import type { Db } from '../db/database.ts';
import type { Principal } from '../auth/principal.ts';
import { ensureCalendarLoaded } from '../calendar/calendar-store.ts';
import { calendarHoursBetween, type WorkingCalendar } from '../calendar/working-calendar.ts';
import { definitionOf, guardNamed } from './definition.ts';
import { holdsActionRole } from './engine.ts';
import { latestHistory, type HistoryEntry, type WorkflowInstance } from './instance-repository.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

function deadlineView(
  at: Date | null,
  unit: DurationUnit | null,
  instance: WorkflowInstance,
  now: Date,
  calendar: WorkingCalendar,
): DeadlineView | null {
  if (!at || !unit) return null;
  // The clock stands still while paused and stops for good at the end.
  const reference = instance.closed_at ?? instance.paused_at ?? now;
  return {
    at: at.toISOString(),
    unit,
    isLapsed: reference > at,
    remaining: instance.closed_at
      ? null
      : {
          workingDays: calendar.workingDaysBetween(reference, at),
          workingHours: round2(calendar.workingHoursBetween(reference, at)),
          calendarHours: round2(calendarHoursBetween(reference, at)),
        },
  };
}

export function historyEntryOf(row: HistoryEntry): WorkflowHistoryEntry {
  return {
    seq: row.seq,
    action: row.action,
    fromState: row.from_state,
    toState: row.to_state,
    actor: { id: row.actor_id, kind: row.actor_kind, name: row.actor_name },
    note: row.note,
    data: row.data,
    at: row.at.toISOString(),
    deadlineAt: row.deadline_at?.toISOString() ?? null,
    stateDeadlineAt: row.state_deadline_at?.toISOString() ?? null,
  };
}

/** The actions the principal may take on the instance now (state, role in scope, guards). */
export async function availableActions(
  db: Db,
  instance: WorkflowInstance,
  principal: Principal,
): Promise<WorkflowAvailableAction[]> {
  const def = definitionOf(instance.definition_key, instance.definition_version);
  if (instance.closed_at) return [];
  const out: WorkflowAvailableAction[] = [];
  for (const [name, action] of Object.entries(def.actions)) {
    if (!action.from.includes(instance.state)) continue;
    if (!holdsActionRole(principal, action.roles, instance)) continue;
    let isBlocked = false;
    for (const guard of action.guards ?? []) {
      const reason = await guardNamed(guard)!({
        db,
        instance,
        principal,
        action: name,
        note: null,
        data: {},
      });
      if (reason) isBlocked = true;
    }
    if (isBlocked) continue;
    out.push({
      name,
      label: action.label,
      toState: action.to,
      isNoteRequired: action.isNoteRequired === true,
      requiredFields: action.input?.required ?? [],
      optionalFields: action.input?.optional ?? [],
      clock: action.clock ?? null,
    });
  }
  return out;
}

export interface ViewOptions {
  /** How many of the latest history entries to include (default 100). */
  historyLimit?: number;
  /** Use these entries instead of reading history (e.g. the one just appended). */
  history?: HistoryEntry[];
  subject?: Record<string, unknown>;
  now?: Date;
}

/** The view of an instance for one caller. */
export async function viewInstance(
  db: Db,
  instance: WorkflowInstance,
  principal: Principal,
  options: ViewOptions = {},
): Promise<WorkflowView> {
  const calendar = await ensureCalendarLoaded(db);
  const def = definitionOf(instance.definition_key, instance.definition_version);
  const now = options.now ?? new Date();
  const deadline = deadlineView(
    instance.deadline_at,
    instance.deadline_unit,
    instance,
    now,
    calendar,
  );
  const stateDeadline = deadlineView(
    instance.state_deadline_at,
    instance.state_deadline_unit,
    instance,
    now,
    calendar,
  );
  const history =
    options.history ?? (await latestHistory(db, instance.id, options.historyLimit ?? 100));
  const state = def.states[instance.state]!;
  return {
    id: /^[1-9][0-9]{0,14}$/.test(instance.subject_id)
      ? Number(instance.subject_id)
      : instance.subject_id,
    instanceId: instance.id,
    definitionKey: instance.definition_key,
    definitionVersion: instance.definition_version,
    subjectType: instance.subject_type,
    subjectId: instance.subject_id,
    regionCode: instance.region_code,
    departmentId: instance.department_id,
    ownerUserId: instance.owner_user_id,
    state: instance.state,
    stateLabel: state.label,
    isFinal: state.isFinal === true,
    deadline,
    stateDeadline,
    isOverdue:
      instance.is_overdue || deadline?.isLapsed === true || stateDeadline?.isLapsed === true,
    isPaused: instance.paused_at !== null,
    pausedAt: instance.paused_at?.toISOString() ?? null,
    pausedSeconds: Number(instance.paused_seconds),
    escalationLevel: instance.escalation_level,
    data: instance.data,
    createdAt: instance.created_at.toISOString(),
    updatedAt: instance.updated_at.toISOString(),
    closedAt: instance.closed_at?.toISOString() ?? null,
    actions: await availableActions(db, instance, principal),
    history: history.map(historyEntryOf),
    historyTotal: instance.history_count,
    ...(options.subject && { subject: options.subject }),
  };
}
