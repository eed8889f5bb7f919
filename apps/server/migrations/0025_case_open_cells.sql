-- Open cases by map cell, newest first (case-queries.ts): the map's open cases in a box are
-- read cell by cell and counted through it. The key is NULL for a finished case, and a query
-- names the key (CASE ... END = cell) rather than is_open: with history mostly closed, the
-- planner's statistics hold few open cases, and given "is_open" it took any partial index on
-- open cases as free, reading every open case of the city through cases_open_region_idx for
-- each box. A condition on this key leaves it only this index.
CREATE INDEX cases_open_cell_idx ON cases
  ((CASE WHEN is_open THEN floor(lat * 50)::int * 100000 + floor(lon * 50)::int END),
    created_at DESC, id DESC)
  INCLUDE (lon, lat, region_code)
  WHERE (CASE WHEN is_open THEN floor(lat * 50)::int * 100000 + floor(lon * 50)::int END)
    IS NOT NULL;

-- The duplicate check of intake (intake-write.ts, case-intake.ts): open cases of a class in a
-- few cells since the window's start, by the same key. Through the cell index of all cases it
-- fetched every case of the cells reported within the window to test its class and open flag
-- (6,500 rows per intake in a bench run, 15,700 a little later: the more cases taken in, the
-- dearer each).
CREATE INDEX cases_open_class_cell_idx ON cases
  (category_code,
    (CASE WHEN is_open THEN floor(lat * 50)::int * 100000 + floor(lon * 50)::int END),
    created_at DESC)
  WHERE (CASE WHEN is_open THEN floor(lat * 50)::int * 100000 + floor(lon * 50)::int END)
    IS NOT NULL;
