-- Supervision of the case loop (issue 4): a daily rollup of the evaluation indicators, an
-- open flag on cases for the map and the live figures, and Open311 tokens.

-- One row per Beijing day, district and lead department (0: none known yet). Each case step
-- adds to its day's row in the step's own transaction (intake, 立案, 结案, 延期, 回访), so the
-- indicators of any period are a sum over at most days × districts × departments rows.
CREATE TABLE case_daily_stats (
  day date NOT NULL,
  region_code text NOT NULL,
  department_id integer NOT NULL DEFAULT 0,
  intake integer NOT NULL DEFAULT 0, -- new cases reported
  filed integer NOT NULL DEFAULT 0, -- 立案
  closed integer NOT NULL DEFAULT 0, -- 结案
  closed_extended integer NOT NULL DEFAULT 0, -- closures of cases with an approved extension
  on_time_closed integer NOT NULL DEFAULT 0, -- closures handled by the deadline, no extension
  reworked integer NOT NULL DEFAULT 0, -- closures of cases sent back after failed verification
  extensions integer NOT NULL DEFAULT 0, -- approved extensions
  handled_cases integer NOT NULL DEFAULT 0, -- closures with a dispatch → handling time
  handling_seconds bigint NOT NULL DEFAULT 0,
  callbacks integer NOT NULL DEFAULT 0, -- 回访
  satisfied integer NOT NULL DEFAULT 0,
  basically_satisfied integer NOT NULL DEFAULT 0,
  dissatisfied integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, region_code, department_id)
);
CREATE INDEX case_daily_stats_region_idx ON case_daily_stats (region_code, day);

-- Open = not closed, evaluated, declined or merged; kept by the case's own steps, so the map,
-- the density layer and the live figures read open cases without the workflow tables.
ALTER TABLE cases ADD COLUMN is_open boolean NOT NULL DEFAULT true;
UPDATE cases SET is_open = false
  FROM workflow_instances i
  WHERE i.subject_type = 'case' AND i.subject_id = cases.id::text
    AND i.state IN ('closed', 'evaluated', 'declined', 'merged');
CREATE INDEX cases_open_lon_lat_idx ON cases (lon, lat) WHERE is_open;
CREATE INDEX cases_open_region_idx ON cases (region_code) WHERE is_open;
CREATE INDEX cases_created_idx ON cases (created_at);

-- Open311 POST answers a token as well as the id; GET tokens/{token} resolves it.
CREATE TABLE open311_tokens (
  token text PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases (id),
  api_key_id bigint,
  region_code text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX open311_tokens_case_idx ON open311_tokens (case_id);
