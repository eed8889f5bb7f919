-- The city-management case loop (issue 4): cases, their reporters (a joined duplicate keeps
-- every reporter informed), the departments a case is dispatched to (一键联动: one lead and
-- assistants), case numbers, and the workflow variants (one per set of step limits).

CREATE TABLE cases (
  id bigserial PRIMARY KEY,
  case_number text NOT NULL UNIQUE, -- district + date + sequence: 500105-20260915-00012
  region_code text NOT NULL, -- the grid's district
  grid_code text NOT NULL,
  category_code text NOT NULL,
  component_id text,
  lat double precision NOT NULL,
  lon double precision NOT NULL,
  address text,
  description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 4000),
  urgency text NOT NULL CHECK (urgency IN ('urgent', 'pressing', 'normal')),
  channel text NOT NULL CHECK (channel IN ('app', 'hotline', 'inspector', 'open311', 'sensor')),
  is_anonymous boolean NOT NULL DEFAULT false,
  -- The first reporter (every reporter, this one included, is in case_reporters).
  reporter_user_id bigint,
  reporter_name text,
  reporter_phone_enc text,
  reporter_phone_hash text,
  reporter_phone_masked text,
  wants_callback boolean NOT NULL DEFAULT false,
  department_id integer, -- the lead department (routed, then as dispatched)
  workflow_key text NOT NULL,
  duplicate_of bigint,
  reporter_count integer NOT NULL DEFAULT 1,
  satisfaction text CHECK (satisfaction IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_region_idx ON cases (region_code, created_at);
CREATE INDEX cases_department_idx ON cases (department_id, created_at);
-- Duplicate detection and the map: a class and a time window, then a box.
CREATE INDEX cases_category_time_idx ON cases (category_code, created_at);
CREATE INDEX cases_lon_lat_idx ON cases (lon, lat);
CREATE INDEX cases_grid_idx ON cases (grid_code);

CREATE TABLE case_reporters (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases (id),
  region_code text NOT NULL,
  user_id bigint,
  name text,
  phone_enc text,
  phone_hash text,
  phone_masked text,
  channel text NOT NULL,
  is_anonymous boolean NOT NULL DEFAULT false,
  wants_callback boolean NOT NULL DEFAULT false,
  description text,
  joined_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_reporters_case_idx ON case_reporters (case_id);
CREATE INDEX case_reporters_user_idx ON case_reporters (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX case_reporters_phone_idx ON case_reporters (phone_hash) WHERE phone_hash IS NOT NULL;

CREATE TABLE case_departments (
  case_id bigint NOT NULL REFERENCES cases (id),
  region_code text NOT NULL,
  department_id integer NOT NULL,
  is_lead boolean NOT NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, department_id)
);
CREATE INDEX case_departments_department_idx ON case_departments (department_id);

CREATE TABLE case_number_counters (
  region_code text NOT NULL,
  day text NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (region_code, day)
);

-- Each distinct set of step limits runs on its own registered definition (case.<limits>);
-- every process registers the ones listed here when it starts.
CREATE TABLE case_workflow_variants (
  key text PRIMARY KEY,
  step_limits jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
