// A transition's writes as ONE statement (DR-10): the instance update, its history entry, the
// outbox event, the timer changes and the audit entry are data-modifying CTEs hanging off the
// instance update, so they happen together or not at all, in one round trip and with the
// audit chain's head locked only for that statement. The statement is a named prepared one.
import type { Db } from '../db/database.ts';
import { preparedStatement, runStatement } from '../db/prepared.ts';
import { hasHandlers } from '../events/event-handlers.ts';
import {
  AUDIT_PARAM_COUNT,
  auditAppendParams,
  auditAppendSql,
  type PreparedAuditEntry,
} from '../audit/ledger.ts';
import type { HistoryEntry, NewTimer, WorkflowInstance } from './instance-repository.ts';
import type { TimerTarget } from './workflow-tables.ts';

export interface TransitionWrite {
  instance: Pick<WorkflowInstance, 'id' | 'region_code'>;
  /** The instance's columns after the transition. */
  next: Pick<
    WorkflowInstance,
    | 'state'
    | 'deadline_at'
    | 'state_entered_at'
    | 'state_deadline_at'
    | 'state_deadline_unit'
    | 'paused_at'
    | 'paused_seconds'
    | 'history_count'
    | 'updated_at'
    | 'closed_at'
  >;
  /** The merged data when the action changed it, else null (left as it is). */
  data: Record<string, unknown> | null;
  entry: HistoryEntry;
  event: { topic: string; regionCode: string; payload: Record<string, unknown> };
  /** Timer targets whose timers are deleted ('all': every timer of the instance). */
  clearTimers: TimerTarget[] | 'all';
  timers: NewTimer[];
  audit: PreparedAuditEntry;
}

// Parameters: $1-$24 the instance, history and event; then the audit entry's; then, in the
// variant that changes timers, theirs. A transition that touches no timer (most steps between
// states without a limit) runs the variant without the two timer CTEs: less to plan and run.
const auditFirst = 25;
const timersFirst = auditFirst + AUDIT_PARAM_COUNT;
const $t = (i: number) => `$${timersFirst + i}`;

function transitionSql(withTimers: boolean): string {
  return `WITH moved AS (
    UPDATE workflow_instances SET state = $3::text, deadline_at = $4::timestamptz,
      state_entered_at = $5::timestamptz, state_deadline_at = $6::timestamptz,
      state_deadline_unit = $7::text, paused_at = $8::timestamptz, paused_seconds = $9::bigint,
      history_count = $10::int, updated_at = $11::timestamptz, closed_at = $12::timestamptz,
      data = COALESCE($13::jsonb, data)
    WHERE id = $1::bigint AND ($2::text IS NULL OR xmin::text = $2::text)
    RETURNING id, xmin::text AS version
  ), logged AS (
    INSERT INTO workflow_history (instance_id, region_code, seq, action, from_state, to_state,
      actor_id, actor_kind, actor_name, note, data, deadline_at, state_deadline_at, at)
    SELECT id, $14::text, $10::int, $15::text, $16::text, $3::text, $17::bigint, $18::text,
      $19::text, $20::text, $21::jsonb, $4::timestamptz, $6::timestamptz, $11::timestamptz
    FROM moved
  ), evented AS (
    INSERT INTO outbox (topic, region_code, payload, published_at)
    SELECT $22::text, $14::text, $23::jsonb, CASE WHEN $24::boolean THEN now() END FROM moved
  ), ${
    withTimers
      ? `cleared AS (
    DELETE FROM workflow_timers
    WHERE instance_id IN (SELECT id FROM moved) AND target = ANY(${$t(0)}::text[])
  ), timed AS (
    INSERT INTO workflow_timers (instance_id, region_code, target, state, kind, level, role, fire_at)
    SELECT m.id, $14::text, t.target, t.state, t.kind, t.level, t.role, t.fire_at
    FROM moved m CROSS JOIN unnest(${$t(1)}::text[], ${$t(2)}::text[], ${$t(3)}::text[],
      ${$t(4)}::int2[], ${$t(5)}::text[], ${$t(6)}::timestamptz[])
      AS t (target, state, kind, level, role, fire_at)
  ), `
      : ''
  }${auditAppendSql(auditFirst, 'moved')}
  SELECT version FROM moved`;
}

const statements = {
  plain: preparedStatement('workflow_transition', transitionSql(false)),
  withTimers: preparedStatement('workflow_transition_timers', transitionSql(true)),
};

const allTargets: TimerTarget[] = ['instance', 'state'];

// Instants as ISO text: cheaper than pg's local-time formatting of a Date, same timestamptz.
const iso = (at: Date | null) => (at === null ? null : at.toISOString());

/**
 * Writes the transition. With `version` (the instance row's xmin when it was read) the write
 * happens only if nobody changed the instance since. Answers the row's new version, or null
 * when nothing was written.
 */
export async function writeTransition(
  db: Db,
  write: TransitionWrite,
  version: string | null,
): Promise<string | null> {
  const { next, entry, timers } = write;
  const params: unknown[] = [
    write.instance.id,
    version,
    next.state,
    iso(next.deadline_at),
    iso(next.state_entered_at),
    iso(next.state_deadline_at),
    next.state_deadline_unit,
    iso(next.paused_at),
    next.paused_seconds,
    next.history_count,
    iso(next.updated_at),
    iso(next.closed_at),
    write.data === null ? null : JSON.stringify(write.data),
    write.instance.region_code,
    entry.action,
    entry.from_state,
    entry.actor_id,
    entry.actor_kind,
    entry.actor_name,
    entry.note,
    JSON.stringify(entry.data),
    write.event.topic,
    JSON.stringify(write.event.payload),
    !hasHandlers(write.event.topic),
    ...auditAppendParams(write.audit),
  ];
  const clear = write.clearTimers === 'all' ? allTargets : write.clearTimers;
  const withTimers = clear.length > 0 || timers.length > 0;
  if (withTimers) {
    params.push(
      clear,
      timers.map((t) => t.target),
      timers.map((t) => t.state),
      timers.map((t) => t.kind),
      timers.map((t) => t.level),
      timers.map((t) => t.role),
      timers.map((t) => t.fireAt.toISOString()),
    );
  }
  if (params.length !== timersFirst - 1 + (withTimers ? 7 : 0)) {
    throw new Error('transition: parameter count');
  }
  const rows = await runStatement<{ version: string }>(
    db,
    withTimers ? statements.withTimers : statements.plain,
    params,
  );
  return rows[0]?.version ?? null;
}
