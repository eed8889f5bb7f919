// Map cells of cases (0.02°, about 2 km): the key of the cases_cell_newest_idx index
// (migration 0023). A small box's cases are read cell by cell through that index.
import { sql, type RawBuilder } from 'kysely';
import type { Bbox } from '../geo.ts';

const CELLS_PER_DEGREE = 50;

// The keys in SQL over the columns of `t` ('c.' for the aliased table, '' for the bare one).
// Each must be its index's expression exactly (the planner compares the parsed expressions).
const cellOver = (t: string) =>
  `(floor(${t}lat * ${CELLS_PER_DEGREE})::int * 100000 + floor(${t}lon * ${CELLS_PER_DEGREE})::int)`;
const openCellOver = (t: string) => `(CASE WHEN ${t}is_open THEN ${cellOver(t)} END)`;
const openClassCellOver = (t: string) =>
  `(CASE WHEN ${t}is_open THEN ${t}category_code || '@' || ${cellOver(t)}::text END)`;

/** The cell key as the index computes it. */
export const cellKeySql: RawBuilder<number> = sql.raw<number>(cellOver('c.'));

/**
 * An open case's cell, NULL for a finished one: the key of cases_open_cell_idx (migration
 * 0025). A condition on it implies the case is open, without naming is_open (see there why).
 */
export const openCellKeySql: RawBuilder<number> = sql.raw<number>(openCellOver('c.'));

const rowOf = (lat: number) => Math.floor(lat * CELLS_PER_DEGREE);
const columnOf = (lon: number) => Math.floor(lon * CELLS_PER_DEGREE);

/** The cell of a point (same arithmetic as PostgreSQL's float8: the same cell). */
export const cellOf = (lat: number, lon: number) => rowOf(lat) * 100_000 + columnOf(lon);

/** The cells a box [minLon, minLat, maxLon, maxLat] meets, or null when more than `max`. */
export function cellsCovering(box: Bbox, max: number): number[] | null {
  const [minLon, minLat, maxLon, maxLat] = box;
  const rows = rowOf(maxLat) - rowOf(minLat) + 1;
  const columns = columnOf(maxLon) - columnOf(minLon) + 1;
  if (rows * columns > max) return null;
  const cells: number[] = [];
  for (let r = rowOf(minLat); r <= rowOf(maxLat); r++) {
    for (let c = columnOf(minLon); c <= columnOf(maxLon); c++) cells.push(r * 100_000 + c);
  }
  return cells;
}

/**
 * An open case's class and cell ('<category code>@<cell>'), NULL for a finished one: the key of
 * cases_open_class_key_idx (migration 0032), which only the duplicate check reads.
 */
export const openClassCellKeySql: RawBuilder<string> = sql.raw<string>(openClassCellOver('c.'));

/** openClassCellKeySql over the bare table (statements that do not alias cases). */
export const bareOpenClassCellKeySql = openClassCellOver('');

/** The keys of openClassCellKeySql for a class and its cells. */
export const openClassCellKeys = (categoryCode: string, cells: readonly number[]) =>
  cells.map((cell) => `${categoryCode}@${cell}`);
