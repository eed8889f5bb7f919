-- Statistics on the open cell key (migration 0025). The planner keeps no statistics of a
-- partial index's expression, so it guessed that a handful of map cells held 0.5 % of all cases
-- each: with 10 million finished cases it read the whole table (2 s) for an open-case box that
-- the index answers in a millisecond. With the expression's own statistics it knows nearly every
-- key is NULL (finished cases) and takes the index.
CREATE STATISTICS cases_open_cell_stats
  ON ((CASE WHEN is_open THEN floor(lat * 50)::int * 100000 + floor(lon * 50)::int END))
  FROM cases;
ANALYZE cases;
