// Tables of the workflow engine, the calendar overrides, the scheduler and the outbox.
import type { ColumnType, Generated } from 'kysely';
import type { DurationUnit } from '@citygov/contracts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = Record<string, unknown>> = ColumnType<T, string | undefined, string>;

export interface CalendarOverridesTable {
  /** Read it as text (to_char) to avoid a driver turning it into a local-midnight Date. */
  date: ColumnType<string, string, string>;
  is_workday: boolean;
  note: string | null;
  updated_by: number | null;
  updated_at: DefaultedTimestamp;
}

export interface WorkflowInstancesTable {
  id: Generated<number>;
  region_code: string;
  department_id: number | null;
  definition_key: string;
  definition_version: number;
  subject_type: string;
  subject_id: string;
  owner_user_id: number | null;
  state: string;
  data: Json;
  deadline_at: Timestamp | null;
  deadline_unit: DurationUnit | null;
  state_entered_at: Timestamp;
  state_deadline_at: Timestamp | null;
  state_deadline_unit: DurationUnit | null;
  paused_at: Timestamp | null;
  paused_seconds: Generated<number>;
  is_overdue: Generated<boolean>;
  escalation_level: Generated<number>;
  history_count: Generated<number>;
  created_at: DefaultedTimestamp;
  updated_at: DefaultedTimestamp;
  closed_at: Timestamp | null;
}

export interface WorkflowHistoryTable {
  id: Generated<number>;
  instance_id: number;
  region_code: string;
  seq: number;
  action: string;
  from_state: string | null;
  to_state: string;
  actor_id: number | null;
  actor_kind: string;
  actor_name: string;
  note: string | null;
  data: Json;
  deadline_at: Timestamp | null;
  state_deadline_at: Timestamp | null;
  at: Timestamp;
}

export type TimerKind = 'remind' | 'overdue' | 'escalate';
export type TimerTarget = 'instance' | 'state';

export interface WorkflowTimersTable {
  id: Generated<number>;
  instance_id: number;
  region_code: string;
  target: TimerTarget;
  state: string;
  kind: TimerKind;
  level: Generated<number>;
  role: string | null;
  fire_at: Timestamp;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: DefaultedTimestamp;
}

export interface OutboxTable {
  id: Generated<number>;
  topic: string;
  payload: Json;
  region_code: string;
  created_at: DefaultedTimestamp;
  published_at: Timestamp | null;
}

export interface SchedulerJobsTable {
  name: string;
  next_run_at: Timestamp;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  last_error: string | null;
  run_count: Generated<number>;
}

export interface WorkflowTables {
  calendar_overrides: CalendarOverridesTable;
  workflow_instances: WorkflowInstancesTable;
  workflow_history: WorkflowHistoryTable;
  workflow_timers: WorkflowTimersTable;
  outbox: OutboxTable;
  scheduler_jobs: SchedulerJobsTable;
}
