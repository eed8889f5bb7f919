// GET /api/cases/stats/grid-density: open cases per unit grid in a map box, for the command
// centre's density layer. Reads open cases only (partial index on their position).
import { sql, type SqlBool } from 'kysely';
import type { GridDensity, GridDensityQuery } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { parseBbox } from '../grids.ts';
import { CASES_READ } from '../loop/case-access.ts';
import { CASE_SUBJECT } from '../loop/case-workflow.ts';
import { filterFor, scopeCondition } from './case-indicators.ts';
import { statsDb } from './daily-stats.ts';

export const MAX_DENSITY_CELLS = 5000;

export async function computeGridDensity(
  db: Db,
  principal: Principal,
  query: GridDensityQuery,
  now = new Date(),
): Promise<GridDensity> {
  const [minLon, minLat, maxLon, maxLat] = parseBbox(query.bbox);
  const filter = filterFor(principal, CASES_READ, { regionCode: query.regionCode });
  const overdue = sql<SqlBool>`(i.is_overdue OR (i.paused_at IS NULL AND i.state_deadline_at < ${now}))`;
  let q = statsDb(db)
    .selectFrom('cases as c')
    .innerJoin('workflow_instances as i', (join) =>
      join.on('i.subject_type', '=', CASE_SUBJECT).on(sql<SqlBool>`i.subject_id = c.id::text`),
    )
    .innerJoin('grids as g', 'g.code', 'c.grid_code')
    .select([
      'c.grid_code as gridCode',
      'g.centroid_lat as lat',
      'g.centroid_lon as lon',
      sql<number>`count(*)::int`.as('open'),
      sql<number>`(count(*) FILTER (WHERE ${overdue}))::int`.as('overdue'),
      sql<number>`(sum(count(*)) OVER ())::int8`.as('totalOpen'),
    ])
    .where('c.is_open', '=', true)
    .where('c.lon', '>=', minLon)
    .where('c.lon', '<=', maxLon)
    .where('c.lat', '>=', minLat)
    .where('c.lat', '<=', maxLat)
    .where(scopeCondition(filter, sql.ref('c.region_code'), sql`coalesce(c.department_id, 0)`));
  if (query.isOverdue) q = q.where(overdue);
  const rows = await q
    .groupBy(['c.grid_code', 'g.centroid_lat', 'g.centroid_lon'])
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('c.grid_code')
    .limit(MAX_DENSITY_CELLS + 1)
    .execute();
  const cells = rows.slice(0, MAX_DENSITY_CELLS).map(({ totalOpen: _t, ...cell }) => cell);
  return {
    cells,
    maxOpen: cells[0]?.open ?? 0,
    totalOpen: Number(rows[0]?.totalOpen ?? 0),
    isTruncated: rows.length > MAX_DENSITY_CELLS,
  };
}
