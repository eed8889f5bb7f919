// Reading violations: the list with its filters (map box, truck, plate, rule, company, region,
// period, ongoing) and one violation with its evidence, within the caller's regions.
import type {
  EvidencePosition,
  WasteViolationDetail,
  WasteViolationList,
  WasteViolationListQuery,
  WasteViolationSummary,
} from '@citygov/contracts';
import { sql, type SqlBool } from 'kysely';
import { scopesFor, type Principal } from '../../../platform/auth/principal.ts';
import type { Db } from '../../../platform/db/database.ts';
import { invalid, notFound } from '../../../platform/errors.ts';
import { parseBbox } from '../../../platform/geo/city.ts';
import { selectCases } from '../../cases/index.ts';
import { monitoringDb } from './monitoring-tables.ts';

export const WASTE_MONITOR_READ = 'waste:monitor';

/** Region prefixes where the principal may read monitoring data ('' for the whole country). */
export function readablePrefixes(principal: Principal, permission = WASTE_MONITOR_READ): string[] {
  const prefixes = [...new Set(scopesFor(principal, permission).map((s) => s.prefix))];
  // A prefix covered by a shorter one adds nothing.
  return prefixes.filter((p) => !prefixes.some((q) => q !== p && p.startsWith(q)));
}

/** `v.region_code` within one of the prefixes. */
const inPrefixes = (prefixes: string[]) =>
  sql<SqlBool>`(${sql.join(
    prefixes.map((p) => sql`v.region_code LIKE ${`${p}%`}`),
    sql` OR `,
  )})`;

function selectViolations(db: Db) {
  return monitoringDb(db)
    .selectFrom('waste_violations as v')
    .leftJoin('waste_companies as co', 'co.id', 'v.company_id')
    .select([
      'v.id',
      'v.region_code',
      'v.rule',
      'v.truck_id',
      'v.vehicle_id',
      'v.plate',
      'v.company_id',
      'co.name as company_name',
      'v.manifest_id',
      'v.started_at',
      'v.ended_at',
      'v.lat',
      'v.lon',
      'v.case_id',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof selectViolations>['execute']>>[number];

async function caseNumbers(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await selectCases(db)
    .select(['c.id', 'c.case_number'])
    .where('c.id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [Number(r.id), r.case_number]));
}

const toSummary = (r: Row, numbers: Map<number, string>): WasteViolationSummary => ({
  id: Number(r.id),
  regionCode: r.region_code,
  rule: r.rule,
  truckId: r.truck_id,
  vehicleId: r.vehicle_id,
  plate: r.plate,
  companyId: r.company_id,
  companyName: r.company_name ?? null,
  manifestId: r.manifest_id === null ? null : Number(r.manifest_id),
  startedAt: r.started_at.toISOString(),
  endedAt: r.ended_at === null ? null : r.ended_at.toISOString(),
  isOngoing: r.ended_at === null,
  lat: r.lat,
  lon: r.lon,
  caseId: r.case_id === null ? null : Number(r.case_id),
  caseNumber: r.case_id === null ? null : (numbers.get(Number(r.case_id)) ?? null),
});

export async function listViolations(
  db: Db,
  principal: Principal,
  query: WasteViolationListQuery,
): Promise<WasteViolationList> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const prefixes = readablePrefixes(principal);
  if (prefixes.length === 0) return { total: 0, page, pageSize, items: [] };
  let filtered = selectViolations(db).where(inPrefixes(prefixes));
  if (query.bbox !== undefined) {
    const [minLon, minLat, maxLon, maxLat] = parseBbox(query.bbox);
    filtered = filtered
      .where('v.lat', '>=', minLat)
      .where('v.lat', '<=', maxLat)
      .where('v.lon', '>=', minLon)
      .where('v.lon', '<=', maxLon);
  }
  if (query.truckId !== undefined) filtered = filtered.where('v.truck_id', '=', query.truckId);
  if (query.plate !== undefined) {
    const fragment = query.plate
      .trim()
      .toUpperCase()
      .replace(/[\\%_]/g, (c) => `\\${c}`);
    filtered = filtered.where('v.plate', 'like', `%${fragment}%`);
  }
  if (query.rule !== undefined) filtered = filtered.where('v.rule', '=', query.rule);
  if (query.companyId !== undefined)
    filtered = filtered.where('v.company_id', '=', query.companyId);
  if (query.regionCode !== undefined) {
    filtered = filtered.where('v.region_code', 'like', `${query.regionCode.replace(/0+$/, '')}%`);
  }
  const from = query.from === undefined ? null : new Date(query.from);
  const to = query.to === undefined ? null : new Date(query.to);
  if (from !== null && to !== null && !(from < to)) {
    throw invalid('from', 'from must be before to');
  }
  // Going on at some time in [from, to): started before `to`, not ended before `from`.
  if (to !== null) filtered = filtered.where('v.started_at', '<', to);
  if (from !== null) {
    filtered = filtered.where((eb) =>
      eb.or([eb('v.ended_at', 'is', null), eb('v.ended_at', '>=', from)]),
    );
  }
  if (query.isOngoing !== undefined) {
    filtered = filtered.where('v.ended_at', query.isOngoing ? 'is' : 'is not', null);
  }
  const [count, rows] = await Promise.all([
    filtered
      .clearSelect()
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow(),
    filtered
      .orderBy('v.started_at', 'desc')
      .orderBy('v.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  const numbers = await caseNumbers(
    db,
    rows.filter((r) => r.case_id !== null).map((r) => Number(r.case_id)),
  );
  return { total: count.n, page, pageSize, items: rows.map((r) => toSummary(r, numbers)) };
}

/** One violation with its evidence; 404 outside the caller's regions (existence not revealed). */
export async function getViolation(
  db: Db,
  principal: Principal,
  id: number,
): Promise<WasteViolationDetail> {
  const prefixes = readablePrefixes(principal);
  const row =
    prefixes.length === 0
      ? undefined
      : await selectViolations(db)
          .select(['v.evidence', 'v.case_error'])
          .where('v.id', '=', id)
          .where(inPrefixes(prefixes))
          .executeTakeFirst();
  if (row === undefined) throw notFound('violation', id);
  const numbers = await caseNumbers(db, row.case_id === null ? [] : [Number(row.case_id)]);
  const evidence = row.evidence;
  return {
    ...toSummary(row, numbers),
    evidence: {
      positions: evidence.positions as EvidencePosition[],
      positionCount: evidence.positionCount,
      facts: evidence.facts,
    },
    caseError: row.case_error,
  };
}
