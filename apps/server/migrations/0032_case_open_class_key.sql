-- The duplicate check (open cases of a class, in the report's cells, since the window's start)
-- read cases_open_class_cell_idx (0030) in some connections and cases_open_cell_idx in others:
-- its prepared statement's generic plan costs both at about one row and took either. Through
-- the cell index it fetched every open case of the cell since the window's start to test its
-- class (121 rows, 117 buffers per check in a 1-million-case bench; a city's three days of
-- cases would make it hundreds). The class now belongs to the key itself: no other index
-- answers a condition on this expression, so every plan seeks (class@cell, since) directly.
-- Map reads by cell keep cases_open_cell_idx (0025).
CREATE INDEX cases_open_class_key_idx ON cases
  ((CASE WHEN is_open THEN category_code || '@' || (floor(lat * 50)::int * 100000 + floor(lon * 50)::int)::text END),
    created_at DESC)
  WHERE (CASE WHEN is_open THEN category_code || '@' || (floor(lat * 50)::int * 100000 + floor(lon * 50)::int)::text END)
    IS NOT NULL;
DROP INDEX cases_open_class_cell_idx;
-- As for the cell key (0029): the planner learns that nearly every key is NULL (finished cases).
CREATE STATISTICS cases_open_class_key_stats
  ON ((CASE WHEN is_open THEN category_code || '@' || (floor(lat * 50)::int * 100000 + floor(lon * 50)::int)::text END))
  FROM cases;
ANALYZE cases;
