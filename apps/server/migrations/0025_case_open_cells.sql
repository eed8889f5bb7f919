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
