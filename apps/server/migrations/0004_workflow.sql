-- Workflow engine, working-day calendar overrides, scheduler, outbox, and the kernel's own
-- workflow resource (tasks, 交办任务). Hot tables carry region_code (the future distribution
-- key) and have no foreign keys to other regions' rows.

-- Administrators' corrections to the published schedule (next year's arrives each November).
CREATE TABLE calendar_overrides (
  date date PRIMARY KEY,
  is_workday boolean NOT NULL,
  note text,
  updated_by bigint,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE workflow_instances (
  id bigserial PRIMARY KEY,
  region_code text NOT NULL,
  department_id integer,
  definition_key text NOT NULL,
  definition_version integer NOT NULL,
  subject_type text NOT NULL,
  subject_id text NOT NULL,
  owner_user_id bigint, -- the applicant / creator: the pseudo-role 'owner'
  state text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  deadline_at timestamptz, -- the overall limit across states
  deadline_unit text CHECK (deadline_unit IN ('workdays', 'workhours', 'hours')),
  state_entered_at timestamptz NOT NULL,
  state_deadline_at timestamptz, -- the current state's own limit
  state_deadline_unit text CHECK (state_deadline_unit IN ('workdays', 'workhours', 'hours')),
  paused_at timestamptz, -- the clock is stopped (e.g. waiting for the applicant's materials)
  paused_seconds bigint NOT NULL DEFAULT 0, -- wall-clock time spent paused, in total
  is_overdue boolean NOT NULL DEFAULT false, -- a limit lapsed (kept once set)
  escalation_level smallint NOT NULL DEFAULT 0,
  history_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz, -- reached a final state
  UNIQUE (subject_type, subject_id)
);
CREATE INDEX workflow_instances_scope_idx ON workflow_instances (region_code, subject_type, state);
CREATE INDEX workflow_instances_owner_idx ON workflow_instances (owner_user_id, subject_type);
CREATE INDEX workflow_instances_open_deadline_idx ON workflow_instances (deadline_at)
  WHERE closed_at IS NULL;

CREATE TABLE workflow_history (
  id bigserial PRIMARY KEY,
  instance_id bigint NOT NULL,
  region_code text NOT NULL,
  seq integer NOT NULL,
  action text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  actor_id bigint,
  actor_kind text NOT NULL,
  actor_name text NOT NULL,
  note text,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  deadline_at timestamptz, -- the deadlines in force right after this step
  state_deadline_at timestamptz,
  at timestamptz NOT NULL,
  UNIQUE (instance_id, seq)
);

CREATE TABLE workflow_timers (
  id bigserial PRIMARY KEY,
  instance_id bigint NOT NULL,
  region_code text NOT NULL,
  target text NOT NULL CHECK (target IN ('instance', 'state')),
  state text NOT NULL, -- the state the timer was set in
  kind text NOT NULL CHECK (kind IN ('remind', 'overdue', 'escalate')),
  level smallint NOT NULL DEFAULT 0, -- escalation level (1, 2 ...)
  role text, -- escalate: the role notified
  fire_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX workflow_timers_fire_idx ON workflow_timers (fire_at);
CREATE INDEX workflow_timers_instance_idx ON workflow_timers (instance_id);

-- Events written in the transaction that caused them; a publisher marks them sent.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  payload jsonb NOT NULL,
  region_code text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON outbox (id) WHERE published_at IS NULL;

-- Periodic jobs: one row per job name; a process runs a job by moving next_run_at first.
CREATE TABLE scheduler_jobs (
  name text PRIMARY KEY,
  next_run_at timestamptz NOT NULL,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_error text,
  run_count bigint NOT NULL DEFAULT 0
);

-- 交办任务: a leader or supervisor assigns a task to a department (its workflow: 'task').
CREATE TABLE tasks (
  id bigserial PRIMARY KEY,
  region_code text NOT NULL,
  department_id integer NOT NULL REFERENCES departments (id),
  title text NOT NULL,
  description text NOT NULL,
  limit_workdays integer NOT NULL CHECK (limit_workdays > 0),
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_region_idx ON tasks (region_code, department_id);
CREATE INDEX tasks_created_by_idx ON tasks (created_by);
