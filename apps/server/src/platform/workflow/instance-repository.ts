// SQL of the workflow engine: instances, history, timers, outbox.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../db/database.ts';
import { preparedStatement, runStatement } from '../db/prepared.ts';
import { hasHandlers } from '../events/event-handlers.ts';
import type {
  TimerKind,
  TimerTarget,
  WorkflowHistoryTable,
  WorkflowInstancesTable,
  WorkflowTimersTable,
} from './workflow-tables.ts';

export type WorkflowInstance = Selectable<WorkflowInstancesTable>;
export type WorkflowHistoryRow = Selectable<WorkflowHistoryTable>;
/** A history entry as written (its row id is not needed to show it). */
export type HistoryEntry = Omit<WorkflowHistoryRow, 'id'>;
export type WorkflowTimer = Selectable<WorkflowTimersTable>;

export type InstanceRef = { id: number } | { subjectType: string; subjectId: string };

export interface NewTimer {
  target: TimerTarget;
  state: string;
  kind: TimerKind;
  level: number;
  role: string | null;
  fireAt: Date;
}

function selectInstance(db: Db, ref: InstanceRef) {
  const query = db.selectFrom('workflow_instances').selectAll();
  return 'id' in ref
    ? query.where('id', '=', ref.id)
    : query.where('subject_type', '=', ref.subjectType).where('subject_id', '=', ref.subjectId);
}

// Every column of workflow_instances, named: a prepared statement must not change shape when a
// later migration adds a column.
const instanceColumns = `id, region_code, department_id, definition_key, definition_version,
  subject_type, subject_id, owner_user_id, state, data, deadline_at, deadline_unit,
  state_entered_at, state_deadline_at, state_deadline_unit, paused_at, paused_seconds,
  is_overdue, escalation_level, history_count, created_at, updated_at, closed_at`;

const readStatements = {
  bySubject: preparedStatement(
    'workflow_instance_by_subject',
    `SELECT ${instanceColumns}, xmin::text AS row_version FROM workflow_instances
      WHERE subject_type = $1::text AND subject_id = $2::text`,
  ),
  byId: preparedStatement(
    'workflow_instance_by_id',
    `SELECT ${instanceColumns}, xmin::text AS row_version FROM workflow_instances
      WHERE id = $1::bigint`,
  ),
  bySubjectLocked: preparedStatement(
    'workflow_instance_by_subject_locked',
    `SELECT ${instanceColumns}, NULL AS row_version FROM workflow_instances
      WHERE subject_type = $1::text AND subject_id = $2::text FOR UPDATE`,
  ),
  byIdLocked: preparedStatement(
    'workflow_instance_by_id_locked',
    `SELECT ${instanceColumns}, NULL AS row_version FROM workflow_instances
      WHERE id = $1::bigint FOR UPDATE`,
  ),
};

/** An instance and the version of its row when read (null when read under a lock). */
export interface VersionedInstance {
  instance: WorkflowInstance;
  version: string | null;
}

/**
 * Reads an instance with its row version (xmin), for a write that checks nobody changed it
 * since; with `lock`, locks it for the rest of the transaction instead (SELECT ... FOR UPDATE).
 */
export async function readInstance(
  db: Db,
  ref: InstanceRef,
  lock: boolean,
): Promise<VersionedInstance | undefined> {
  const rows = await runStatement<WorkflowInstance & { row_version: string | null }>(
    db,
    'id' in ref
      ? lock
        ? readStatements.byIdLocked
        : readStatements.byId
      : lock
        ? readStatements.bySubjectLocked
        : readStatements.bySubject,
    'id' in ref ? [ref.id] : [ref.subjectType, ref.subjectId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { row_version: version, ...instance } = row;
  return { instance, version };
}

/** The SQL expression that reserves an instance id, for a caller's own statement. */
export const INSTANCE_ID_RESERVATION = `nextval('workflow_instances_id_seq')`;

const reserveStatement = preparedStatement(
  'workflow_instance_id',
  `SELECT ${INSTANCE_ID_RESERVATION} AS id`,
);

/** An id for an instance about to be written (its audit entry and events carry it). */
export async function reserveInstanceId(db: Db): Promise<number> {
  const rows = await runStatement<{ id: number | string }>(db, reserveStatement, []);
  return Number(rows[0]!.id);
}

/** Reads an instance without locking it. */
export async function findInstance(
  db: Db,
  ref: InstanceRef,
): Promise<WorkflowInstance | undefined> {
  return selectInstance(db, ref).executeTakeFirst();
}

/**
 * Locks an instance for the rest of the transaction (SELECT ... FOR UPDATE). With skipLocked,
 * answers undefined instead of waiting when another transaction holds it.
 */
export async function lockInstance(
  trx: Db,
  ref: InstanceRef,
  opts: { skipLocked?: boolean } = {},
): Promise<WorkflowInstance | undefined> {
  const query = selectInstance(trx, ref).forUpdate();
  return (opts.skipLocked ? query.skipLocked() : query).executeTakeFirst();
}

export async function insertInstance(
  trx: Db,
  values: Insertable<WorkflowInstancesTable>,
): Promise<WorkflowInstance> {
  return trx
    .insertInto('workflow_instances')
    .values(values)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateInstance(
  trx: Db,
  id: number,
  patch: Updateable<WorkflowInstancesTable>,
): Promise<WorkflowInstance> {
  return trx
    .updateTable('workflow_instances')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertHistory(
  trx: Db,
  values: Omit<Insertable<WorkflowHistoryTable>, 'data'> & { data: Record<string, unknown> },
): Promise<WorkflowHistoryRow> {
  return trx
    .insertInto('workflow_history')
    .values({ ...values, data: JSON.stringify(values.data) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The latest `limit` history entries, oldest first. */
export async function latestHistory(
  db: Db,
  instanceId: number,
  limit: number,
): Promise<WorkflowHistoryRow[]> {
  const rows = await db
    .selectFrom('workflow_history')
    .selectAll()
    .where('instance_id', '=', instanceId)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

export async function insertOutboxEvent(
  trx: Db,
  event: { topic: string; regionCode: string; payload: Record<string, unknown> },
): Promise<void> {
  await trx
    .insertInto('outbox')
    .values({
      topic: event.topic,
      region_code: event.regionCode,
      payload: JSON.stringify(event.payload),
      // No handler reacts to it: stored published (the publisher would only mark it so).
      ...(!hasHandlers(event.topic) && { published_at: sql<Date>`now()` }),
    })
    .execute();
}

/** Deletes the instance's timers of the `clear` targets, then adds `timers`. */
export async function replaceTimers(
  trx: Db,
  instance: Pick<WorkflowInstance, 'id' | 'region_code'>,
  clear: TimerTarget[] | 'all',
  timers: NewTimer[],
): Promise<void> {
  if (clear === 'all') {
    await trx.deleteFrom('workflow_timers').where('instance_id', '=', instance.id).execute();
  } else if (clear.length) {
    await trx
      .deleteFrom('workflow_timers')
      .where('instance_id', '=', instance.id)
      .where('target', 'in', clear)
      .execute();
  }
  if (timers.length === 0) return;
  await trx
    .insertInto('workflow_timers')
    .values(
      timers.map((t) => ({
        instance_id: instance.id,
        region_code: instance.region_code,
        target: t.target,
        state: t.state,
        kind: t.kind,
        level: t.level,
        role: t.role,
        fire_at: t.fireAt,
      })),
    )
    .execute();
}

/**
 * Claims the earliest due timer for this transaction. SKIP LOCKED: a timer another process is
 * firing is passed over, so two schedulers never fire the same one.
 */
export async function claimDueTimer(
  trx: Db,
  now: Date,
  excludedIds: number[],
): Promise<WorkflowTimer | undefined> {
  let query = trx
    .selectFrom('workflow_timers')
    .selectAll()
    .where('fire_at', '<=', now)
    .orderBy('fire_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked();
  if (excludedIds.length) query = query.where('id', 'not in', excludedIds);
  return query.executeTakeFirst();
}

export async function deleteTimer(trx: Db, id: number): Promise<void> {
  await trx.deleteFrom('workflow_timers').where('id', '=', id).execute();
}

/** Records a failed firing and backs the timer off (a minute per attempt, at most an hour). */
export async function recordTimerFailure(db: Db, id: number, error: string): Promise<void> {
  await sql`UPDATE workflow_timers SET attempts = attempts + 1, last_error = ${error.slice(0, 1000)},
    fire_at = now() + make_interval(mins => least(attempts + 1, 60))
    WHERE id = ${id}`.execute(db);
}
