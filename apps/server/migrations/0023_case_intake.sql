-- Case intake without hot rows, the map's newest cases in a box, Open311 updates by time
-- (issue 4 benchmark).

-- Each case step adds its counts as a row of its own here (insert only: no row is shared by
-- concurrent intakes, so none waits on another's lock); a periodic job folds them into
-- case_daily_stats in one statement, and the indicators read both, so they stay exact.
CREATE TABLE case_stat_deltas (
  day date NOT NULL,
  region_code text NOT NULL,
  department_id integer NOT NULL DEFAULT 0,
  intake integer NOT NULL DEFAULT 0,
  filed integer NOT NULL DEFAULT 0,
  closed integer NOT NULL DEFAULT 0,
  closed_extended integer NOT NULL DEFAULT 0,
  on_time_closed integer NOT NULL DEFAULT 0,
  reworked integer NOT NULL DEFAULT 0,
  extensions integer NOT NULL DEFAULT 0,
  handled_cases integer NOT NULL DEFAULT 0,
  handling_seconds bigint NOT NULL DEFAULT 0,
  callbacks integer NOT NULL DEFAULT 0,
  satisfied integer NOT NULL DEFAULT 0,
  basically_satisfied integer NOT NULL DEFAULT 0,
  dissatisfied integer NOT NULL DEFAULT 0
);

-- Map cells of 0.02° (about 2 km): a box's newest cases are read cell by cell, newest first,
-- and merged, so a small box costs a few index pages however many years of cases it holds.
-- The box test runs on the index entries (lon, lat are key columns). The same expression is
-- in case-cells.ts; the duplicate check at intake reads it too. It replaces the (lon, lat)
-- index of all cases (open cases keep their partial one).
CREATE INDEX cases_cell_newest_idx ON cases
  ((floor(lat * 50)::int * 100000 + floor(lon * 50)::int), created_at DESC, id DESC, lon, lat);
DROP INDEX cases_lon_lat_idx;

-- Open311 servicerequestupdates reads the steps of a time window, oldest first.
CREATE INDEX workflow_history_at_idx ON workflow_history (at);
