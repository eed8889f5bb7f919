-- The indicators count the cases still being handled whose handling deadline lapsed in the
-- period (case-indicators.ts, openOverdue). They are read from the workflow instances alone
-- (region and lead department are kept there too), through this index of the few instances in
-- handling, by deadline: its size follows the open caseload, not the years of history.
CREATE INDEX workflow_instances_case_handling_deadline_idx ON workflow_instances (state_deadline_at)
  INCLUDE (region_code, department_id, state)
  WHERE subject_type = 'case' AND state IN ('handling', 'extended');
