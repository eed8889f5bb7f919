-- The duplicate check's index of open cases (0025) led with the class. A map box's open cases
-- name only cells, so the planner could still take this index for them as a full scan filtered
-- row by row, and did whenever its statistics held few open cases (they are taken before the
-- day's intake: every open case of the city, 9 ms for a box whose 46 cases the cell index finds
-- in 1.4 ms). Led by the cell key, any read of open cases by cell seeks its cells here, and the
-- duplicate check (cells, class, since) still seeks on all three columns.
DROP INDEX cases_open_class_cell_idx;
CREATE INDEX cases_open_class_cell_idx ON cases
  ((CASE WHEN is_open THEN floor(lat * 50)::int * 100000 + floor(lon * 50)::int END),
    category_code, created_at DESC)
  WHERE (CASE WHEN is_open THEN floor(lat * 50)::int * 100000 + floor(lon * 50)::int END)
    IS NOT NULL;
