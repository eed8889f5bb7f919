-- Service-hall indicators and the daily scan (日扫描). Applications are counted into a daily
-- rollup per item (one row per day and item with activity) by a scheduler job, so a month for
-- all departments reads a few tens of thousands of rows instead of millions of applications;
-- days after the rollup's watermark are computed live from the applications.

-- The working-day calendar as numbers, so SQL can count working days: workday_no is the count
-- of working days up to and including the day (working days between a and b = no(b) - no(a)).
-- Refilled from the process calendar (published schedule + overrides) by the rollup job.
CREATE TABLE service_workdays (
  day date PRIMARY KEY,
  is_workday boolean NOT NULL,
  workday_no integer NOT NULL
);

CREATE TABLE service_indicator_daily (
  day date NOT NULL, -- city date (Asia/Shanghai)
  item_id bigint NOT NULL REFERENCES service_items (id),
  department_id integer NOT NULL REFERENCES departments (id),
  region_code text NOT NULL,
  received integer NOT NULL DEFAULT 0, -- submitted that day
  received_online integer NOT NULL DEFAULT 0, -- of those through web, mobile or mini_program
  finished integer NOT NULL DEFAULT 0, -- reached delivered / denied / not_accepted that day
  finished_on_time integer NOT NULL DEFAULT 0, -- of those closed by their deadline
  finished_supplemented integer NOT NULL DEFAULT 0, -- of those with a 补正 request
  working_days_sum integer NOT NULL DEFAULT 0, -- working days used by those finished
  ratings integer NOT NULL DEFAULT 0, -- given that day, not excluded after an appeal
  ratings_satisfied integer NOT NULL DEFAULT 0, -- of those 满意 or better
  bad_ratings integer NOT NULL DEFAULT 0, -- of those 不满意 or worse
  bad_ratings_rectified integer NOT NULL DEFAULT 0, -- of those with the rectification closed
  PRIMARY KEY (day, item_id)
);

-- How many finished applications used how many working days: per item, and per department
-- (item_id 0), so the p90 of a department over a month reads a few thousand rows.
CREATE TABLE service_indicator_days (
  day date NOT NULL,
  department_id integer NOT NULL,
  item_id bigint NOT NULL, -- 0: the department's total
  region_code text NOT NULL,
  days_used integer NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (day, department_id, item_id, days_used)
);

-- The rollup's watermark: every day up to rolled_through is in the tables above; ratings of the
-- trailing days are refreshed once a day (rectifications finish after the rating's day).
CREATE TABLE service_indicator_rollup (
  id smallint PRIMARY KEY CHECK (id = 1),
  rolled_through date,
  ratings_refreshed_on date,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per day the morning scan ran and notified (so it runs once a day across processes).
CREATE TABLE service_daily_scans (
  day date PRIMARY KEY,
  ran_at timestamptz NOT NULL DEFAULT now(),
  overdue integer NOT NULL,
  at_risk integer NOT NULL,
  departments integer NOT NULL,
  notified integer NOT NULL
);

-- Live days read applications by submission and by closing time.
CREATE INDEX service_applications_created_idx ON service_applications (created_at);
CREATE INDEX workflow_instances_application_closed_idx ON workflow_instances (closed_at)
  WHERE subject_type = 'service_application' AND closed_at IS NOT NULL;
CREATE INDEX service_ratings_created_idx ON service_ratings (created_at);
