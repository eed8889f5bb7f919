// Starting an instance as ONE statement (DR-10): the start is planned in memory (the instance,
// its history entries, outbox events, audit entries and timers), possibly with follow-up steps
// the platform takes at once (an application's intake 'submit'), and written by data-modifying
// CTEs. A caller may splice the CTEs into a statement of its own (startCtes), so a record and
// its workflow are written together in one round trip.
import type { Duration, WorkflowDefinition } from '@citygov/contracts';
import type { Db } from '../db/database.ts';
import { preparedStatement, runStatement } from '../db/prepared.ts';
import { hasHandlers } from '../events/event-handlers.ts';
import {
  auditAppendParams,
  auditAppendSql,
  auditParamCount,
  prepareAuditEntry,
  type Actor,
  type PreparedAuditEntry,
} from '../audit/ledger.ts';
import type { Principal } from '../auth/principal.ts';
import type { WorkingCalendar } from '../calendar/working-calendar.ts';
import { ensureCalendarLoaded } from '../calendar/calendar-store.ts';
import { definitionOf } from './definition.ts';
import { overallPolicy, plannedTimers } from './deadlines.ts';
import type { HistoryEntry, NewTimer, WorkflowInstance } from './instance-repository.ts';
import { checkAction, eventOf, planTransition } from './transition.ts';
import { rememberInstance } from './instance-cache.ts';

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

type OutboxEvent = ReturnType<typeof eventOf>;

/** A start as it will be written: the instance after every planned step, and the rows. */
export interface PlannedStart {
  definition: WorkflowDefinition;
  instance: WorkflowInstance;
  entries: HistoryEntry[];
  events: OutboxEvent[];
  audits: PreparedAuditEntry[];
  timers: NewTimer[];
}

/** JSON as it reads back from jsonb (dates as ISO strings). */
const asStored = (data: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(data)) as Record<string, unknown>;

/** The start of instance `id` (a reserved id: reserveInstanceId) in the initial state. */
export function planStart(
  input: StartInstanceInput,
  id: number,
  calendar: WorkingCalendar,
): PlannedStart {
  const def = definitionOf(input.definition.key, input.definition.version);
  const now = input.now ?? new Date();
  const policy = overallPolicy(def, input.limit);
  const stateLimit = def.states[def.initialState]!.timeLimit?.limit;
  const deadline = policy ? calendar.addDuration(now, policy.limit) : null;
  const stateDeadline = stateLimit ? calendar.addDuration(now, stateLimit) : null;
  const instance: WorkflowInstance = {
    id,
    region_code: input.regionCode,
    department_id: input.departmentId ?? null,
    definition_key: def.key,
    definition_version: def.version,
    subject_type: input.subjectType,
    subject_id: String(input.subjectId),
    owner_user_id: input.ownerUserId ?? null,
    state: def.initialState,
    data: asStored(input.data ?? {}),
    deadline_at: deadline,
    deadline_unit: policy?.limit.unit ?? null,
    state_entered_at: now,
    state_deadline_at: stateDeadline,
    state_deadline_unit: stateLimit?.unit ?? null,
    paused_at: null,
    paused_seconds: 0,
    is_overdue: false,
    escalation_level: 0,
    history_count: 1,
    created_at: now,
    updated_at: now,
    closed_at: null,
  };
  const entry: HistoryEntry = {
    instance_id: id,
    region_code: instance.region_code,
    seq: 1,
    action: 'start',
    from_state: null,
    to_state: instance.state,
    actor_id: input.actor.id,
    actor_kind: input.actor.kind,
    actor_name: input.actor.name,
    note: input.note?.trim() || null,
    data: policy ? asStored({ _limit: policy.limit }) : {},
    deadline_at: deadline,
    state_deadline_at: stateDeadline,
    at: now,
  };
  const audit = prepareAuditEntry({
    actor: input.actor,
    action: `${def.key}.start`,
    subjectType: instance.subject_type,
    subjectId: instance.subject_id,
    regionCode: instance.region_code,
    departmentId: instance.department_id,
    data: { instanceId: id, state: instance.state, deadlineAt: deadline },
  });
  return {
    definition: def,
    instance,
    entries: [entry],
    events: [eventOf(def, instance, entry)],
    audits: [audit],
    timers: plannedTimers(def, instance, ['instance', 'state'], now, calendar),
  };
}

/**
 * A planned start followed by an action the platform takes at once (checked like any action:
 * state, role in scope, input). Actions with guards are refused: they read other rows.
 */
export function planFollowUp(
  planned: PlannedStart,
  step: { action: string; principal: Principal; note?: string | null; now: Date },
  calendar: WorkingCalendar,
): PlannedStart {
  const checked = checkAction(planned.instance, step);
  if (checked.action.guards?.length) {
    throw new Error(`workflow: "${step.action}" has guards and cannot follow a start`);
  }
  const { updated, entry, write } = planTransition(
    planned.instance,
    checked,
    step.principal,
    step.now,
    calendar,
  );
  const clear = write.clearTimers;
  const kept =
    clear === 'all' ? [] : planned.timers.filter((timer) => !clear.includes(timer.target));
  return {
    definition: planned.definition,
    instance: updated,
    entries: [...planned.entries, entry],
    events: [...planned.events, write.event],
    audits: [...planned.audits, write.audit],
    timers: [...kept, ...write.timers],
  };
}

// Parameters from $first: 21 of the instance, 12 arrays of history entries, 3 of events,
// 6 of timers, then the audit entries'.
const INSTANCE_PARAMS = 21;
const HISTORY_PARAMS = 12;
const EVENT_PARAMS = 3;
const TIMER_PARAMS = 6;
const FIXED_PARAMS = INSTANCE_PARAMS + HISTORY_PARAMS + EVENT_PARAMS + TIMER_PARAMS;

/** How many parameters startCtes uses for a start with `audits` audit entries. */
export const startParamCount = (audits: number) => FIXED_PARAMS + auditParamCount(audits);

/**
 * The CTEs that write a planned start with `audits` audit entries (its steps), parameters
 * $first .. in the order of startParams: `wf_instance` (RETURNING id and the row version),
 * `wf_history`, `wf_events`, `wf_timers`, `audit_head`, `audit_entry`.
 */
export function startCtes(first: number, audits: number): string {
  const $ = (i: number) => `$${first + i}`;
  const h = (i: number) => $(INSTANCE_PARAMS + i);
  const e = (i: number) => $(INSTANCE_PARAMS + HISTORY_PARAMS + i);
  const t = (i: number) => $(INSTANCE_PARAMS + HISTORY_PARAMS + EVENT_PARAMS + i);
  return `wf_instance AS (
    INSERT INTO workflow_instances (id, region_code, department_id, definition_key,
      definition_version, subject_type, subject_id, owner_user_id, state, data, deadline_at,
      deadline_unit, state_entered_at, state_deadline_at, state_deadline_unit, paused_at,
      paused_seconds, history_count, created_at, updated_at, closed_at)
    VALUES (${$(0)}::bigint, ${$(1)}::text, ${$(2)}::int, ${$(3)}::text, ${$(4)}::int,
      ${$(5)}::text, ${$(6)}::text, ${$(7)}::bigint, ${$(8)}::text, ${$(9)}::jsonb,
      ${$(10)}::timestamptz, ${$(11)}::text, ${$(12)}::timestamptz, ${$(13)}::timestamptz,
      ${$(14)}::text, ${$(15)}::timestamptz, ${$(16)}::bigint, ${$(17)}::int,
      ${$(18)}::timestamptz, ${$(19)}::timestamptz, ${$(20)}::timestamptz)
    RETURNING id, xmin::text AS version
  ), wf_history AS (
    INSERT INTO workflow_history (instance_id, region_code, seq, action, from_state, to_state,
      actor_id, actor_kind, actor_name, note, data, deadline_at, state_deadline_at, at)
    SELECT i.id, ${$(1)}::text, h.seq, h.action, h.from_state, h.to_state, h.actor_id,
      h.actor_kind, h.actor_name, h.note, h.data, h.deadline_at, h.state_deadline_at, h.at
    FROM wf_instance i CROSS JOIN unnest(${h(0)}::int[], ${h(1)}::text[], ${h(2)}::text[],
      ${h(3)}::text[], ${h(4)}::bigint[], ${h(5)}::text[], ${h(6)}::text[], ${h(7)}::text[],
      ${h(8)}::jsonb[], ${h(9)}::timestamptz[], ${h(10)}::timestamptz[], ${h(11)}::timestamptz[])
      AS h (seq, action, from_state, to_state, actor_id, actor_kind, actor_name, note, data,
        deadline_at, state_deadline_at, at)
  ), wf_events AS (
    INSERT INTO outbox (topic, region_code, payload, published_at)
    SELECT e.topic, ${$(1)}::text, e.payload, CASE WHEN e.is_published THEN now() END
    FROM wf_instance CROSS JOIN unnest(${e(0)}::text[], ${e(1)}::jsonb[], ${e(2)}::boolean[])
      WITH ORDINALITY AS e (topic, payload, is_published, n)
    ORDER BY e.n
  ), wf_timers AS (
    INSERT INTO workflow_timers (instance_id, region_code, target, state, kind, level, role, fire_at)
    SELECT i.id, ${$(1)}::text, t.target, t.state, t.kind, t.level, t.role, t.fire_at
    FROM wf_instance i CROSS JOIN unnest(${t(0)}::text[], ${t(1)}::text[], ${t(2)}::text[],
      ${t(3)}::int2[], ${t(4)}::text[], ${t(5)}::timestamptz[])
      AS t (target, state, kind, level, role, fire_at)
  ), ${auditAppendSql(first + FIXED_PARAMS, 'wf_instance', audits)}`;
}

// Instants as ISO text: cheaper than pg's local-time formatting of a Date, same timestamptz.
const iso = (at: Date | null) => (at === null ? null : at.toISOString());

/** The parameters of startCtes for a planned start. */
export function startParams(planned: PlannedStart): unknown[] {
  const { instance: i, entries, events, timers } = planned;
  return [
    i.id,
    i.region_code,
    i.department_id,
    i.definition_key,
    i.definition_version,
    i.subject_type,
    i.subject_id,
    i.owner_user_id,
    i.state,
    JSON.stringify(i.data),
    iso(i.deadline_at),
    i.deadline_unit,
    iso(i.state_entered_at),
    iso(i.state_deadline_at),
    i.state_deadline_unit,
    iso(i.paused_at),
    i.paused_seconds,
    i.history_count,
    iso(i.created_at),
    iso(i.updated_at),
    iso(i.closed_at),
    entries.map((x) => x.seq),
    entries.map((x) => x.action),
    entries.map((x) => x.from_state),
    entries.map((x) => x.to_state),
    entries.map((x) => x.actor_id),
    entries.map((x) => x.actor_kind),
    entries.map((x) => x.actor_name),
    entries.map((x) => x.note),
    entries.map((x) => JSON.stringify(x.data)),
    entries.map((x) => iso(x.deadline_at)),
    entries.map((x) => iso(x.state_deadline_at)),
    entries.map((x) => x.at.toISOString()),
    events.map((x) => x.topic),
    events.map((x) => JSON.stringify(x.payload)),
    // No handler reacts to it: stored published (the publisher would only mark it so).
    events.map((x) => !hasHandlers(x.topic)),
    timers.map((x) => x.target),
    timers.map((x) => x.state),
    timers.map((x) => x.kind),
    timers.map((x) => x.level),
    timers.map((x) => x.role),
    timers.map((x) => x.fireAt.toISOString()),
    ...auditAppendParams(...planned.audits),
  ];
}

const startStatement = preparedStatement(
  'workflow_start',
  `WITH ${startCtes(1, 1)} SELECT version FROM wf_instance`,
);

/** Writes a planned start of one step; answers the instance row's version (xmin). */
export async function writeStart(db: Db, planned: PlannedStart): Promise<string> {
  if (planned.audits.length !== 1) throw new Error('workflow: writeStart writes a bare start');
  const rows = await runStatement<{ version: string }>(db, startStatement, startParams(planned));
  return rows[0]!.version;
}

/** A step the platform takes right after the start (e.g. an application's intake 'submit'). */
export interface FollowUpStep {
  action: string;
  principal: Principal;
  note?: string | null;
}

/**
 * Plans the start of instance `id` (reserveInstanceId) and the steps that follow at once, for
 * a caller that writes them with startCtes in a statement of its own.
 */
export async function planStartInstance(
  db: Db,
  input: StartInstanceInput,
  id: number,
  steps: readonly FollowUpStep[] = [],
): Promise<PlannedStart> {
  const calendar = await ensureCalendarLoaded(db);
  const now = input.now ?? new Date();
  let planned = planStart({ ...input, now }, id, calendar);
  for (const step of steps) planned = planFollowUp(planned, { ...step, now }, calendar);
  return planned;
}

/** After the statement that wrote a planned start committed on its own (not in a transaction). */
export function rememberStarted(db: Db, planned: PlannedStart, version: string): void {
  if (!db.isTransaction) rememberInstance(db, { instance: { ...planned.instance }, version });
}
