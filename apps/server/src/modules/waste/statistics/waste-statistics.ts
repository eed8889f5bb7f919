// The figures of MISSION.md S3 over a period, grouped by day, district, construction site,
// disposal site or company (definitions in packages/contracts/src/waste-statistics.ts). One
// query: discharges by departure day, receipts by receipt day with the site-day's declared
// output shared among its loads by received volume, and declared output of days with no load.
import { sql, type RawBuilder } from 'kysely';
import type {
  WasteFigures,
  WasteStatistics,
  WasteStatisticsGroup,
  WasteStatisticsQuery,
  WasteStatisticsRow,
} from '@citygov/contracts';
import type { Principal } from '../../../platform/auth/principal.ts';
import type { Db } from '../../../platform/db/database.ts';
import { invalid } from '../../../platform/errors.ts';
import { staffPrefixesFor } from '../party-access.ts';
import { beijingDay } from '../registry/approval-rules.ts';
import { regionSql } from '../registry/registry-scope.ts';
import { WASTE_STATISTICS_READ } from '../waste-permissions.ts';

const DAY_MS = 86_400_000;
const startOfDay = (day: string) => new Date(`${day}T00:00:00+08:00`);
const addDays = (day: string, n: number) =>
  new Date(startOfDay(day).getTime() + n * DAY_MS + 8 * 3_600_000).toISOString().slice(0, 10);

/** Whether 'YYYY-MM-DD' names a day of the calendar (2026-02-30 does not). */
const isRealDay = (day: string) => {
  const at = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === day;
};

/** The period asked for: `to` defaults to today, `from` to 29 days before; at most 366 days. */
export function periodOf(query: WasteStatisticsQuery, now = new Date()) {
  const to = query.to ?? beijingDay(now);
  if (!isRealDay(to)) throw invalid('to', 'to is not a real date');
  const from = query.from ?? addDays(to, -29);
  if (!isRealDay(from)) throw invalid('from', 'from is not a real date');
  if (from > to) throw invalid('from', 'from is after to');
  if (addDays(from, 366) <= to) throw invalid('to', 'the period is longer than 366 days');
  return { from, to };
}

// The key of a load in each grouping; `when` says which day counts (departure or receipt).
function keyOf(group: WasteStatisticsGroup, when: 'departed' | 'received'): RawBuilder<string> {
  switch (group) {
    case 'day':
      return when === 'departed'
        ? sql<string>`((m.departed_at at time zone 'Asia/Shanghai')::date)::text`
        : sql<string>`((m.received_at at time zone 'Asia/Shanghai')::date)::text`;
    case 'district':
      return sql<string>`substr(m.region_code, 1, 6)`;
    case 'site':
      return sql<string>`m.construction_site_id::text`;
    case 'disposalSite':
      return when === 'departed'
        ? sql<string>`coalesce(m.destination_site_id, m.disposal_site_id)::text`
        : sql<string>`m.received_site_id::text`;
    case 'company':
      return sql<string>`m.company_id::text`;
  }
}

// Declared output of a site-day no load of the period carries: only day and site know it.
function outputKeyOf(group: WasteStatisticsGroup): RawBuilder<string | null> {
  if (group === 'day') return sql<string>`o.day::text`;
  if (group === 'disposalSite') return sql<string>`o.disposal_site_id::text`;
  return sql<null>`null`;
}

interface Totals {
  key: string | null;
  manifests: number;
  discharged: number;
  received: number;
  landfilled: number;
  recycled: number;
  sorted: number;
}

const r1 = (n: number) => Math.round(n * 10) / 10;
const rate = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10000) / 10000 : null;

function figuresOf(t: Omit<Totals, 'key'>): WasteFigures {
  return {
    manifestCount: t.manifests,
    dischargedM3: r1(t.discharged),
    receivedM3: r1(t.received),
    landfilledM3: r1(t.landfilled),
    recycledM3: r1(t.recycled),
    recyclingRate: rate(t.recycled, t.received),
    sortedM3: r1(t.sorted),
    sortedRate: rate(t.sorted, t.received),
  };
}

async function labelsOf(db: Db, group: WasteStatisticsGroup, keys: string[]) {
  const ids = keys.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
  const map = new Map<string, string>();
  if (group === 'day' || keys.length === 0) return map;
  if (group === 'district') {
    const rows = await db
      .selectFrom('divisions')
      .select(['code', 'name'])
      .where('code', 'in', keys)
      .execute();
    for (const r of rows) map.set(r.code, r.name);
    return map;
  }
  if (ids.length === 0) return map;
  const table =
    group === 'site'
      ? 'waste_construction_sites'
      : group === 'company'
        ? 'waste_companies'
        : 'waste_disposal_sites';
  const rows = await db.selectFrom(table).select(['id', 'name']).where('id', 'in', ids).execute();
  for (const r of rows) map.set(String(r.id), r.name);
  return map;
}

/** The statistics for the caller's regions (staff holding waste:statistics-read). */
export async function getWasteStatistics(
  db: Db,
  principal: Principal,
  query: WasteStatisticsQuery,
  now = new Date(),
): Promise<WasteStatistics> {
  const { from, to } = periodOf(query, now);
  const group = query.groupBy ?? 'day';
  const start = startOfDay(from);
  const end = startOfDay(addDays(to, 1));
  const prefixes = staffPrefixesFor(principal, WASTE_STATISTICS_READ);
  const asked = query.regionCode ? sql`m.region_code like ${`${query.regionCode}%`}` : sql`true`;
  const askedOutput = query.regionCode
    ? sql`d.region_code like ${`${query.regionCode}%`}`
    : sql`true`;
  const inScope = regionSql('m.region_code', prefixes);
  const outputInScope = regionSql('d.region_code', prefixes);

  const result = await sql<Totals>`
    with receipts as (
      select m.*, d.kind,
             (m.received_at at time zone 'Asia/Shanghai')::date as rday
      from waste_manifests m
      join waste_disposal_sites d on d.id = m.received_site_id
      where m.received_at >= ${start} and m.received_at < ${end}
        and m.received_volume_m3 is not null
        and m.status in ('signed', 'under_correction', 'corrected')
    ),
    site_days as (
      select received_site_id, rday, sum(received_volume_m3) as total
      from receipts group by received_site_id, rday
    ),
    parts as (
      select ${keyOf(group, 'departed')} as key, 1 as manifests, m.declared_volume_m3 as discharged,
             0::float8 as received, 0::float8 as landfilled, 0::float8 as recycled, 0::float8 as sorted
      from waste_manifests m
      where m.departed_at >= ${start} and m.departed_at < ${end}
        and m.status not in ('returning', 'returned', 'cancelled')
        and ${inScope} and ${asked}
      union all
      select ${keyOf(group, 'received')}, 0, 0, m.received_volume_m3,
             case when m.kind = 'landfill' then m.received_volume_m3
                  else coalesce(o.landfilled_volume_m3 * m.received_volume_m3 / sd.total, 0) end,
             coalesce(o.recycled_volume_m3 * m.received_volume_m3 / sd.total, 0),
             coalesce(o.sorted_volume_m3 * m.received_volume_m3 / sd.total, 0)
      from receipts m
      join site_days sd on sd.received_site_id = m.received_site_id and sd.rday = m.rday
      left join waste_disposal_outputs o on o.disposal_site_id = m.received_site_id and o.day = m.rday
      where ${inScope} and ${asked}
      union all
      select ${outputKeyOf(group)}, 0, 0, 0,
             case when d.kind = 'recycling' then o.landfilled_volume_m3 else 0 end,
             o.recycled_volume_m3, o.sorted_volume_m3
      from waste_disposal_outputs o
      join waste_disposal_sites d on d.id = o.disposal_site_id
      left join site_days sd on sd.received_site_id = o.disposal_site_id and sd.rday = o.day
      where o.day >= ${from}::date and o.day <= ${to}::date and sd.total is null
        and ${outputInScope} and ${askedOutput}
    )
    select key, sum(manifests)::int as manifests, sum(discharged)::float8 as discharged,
           sum(received)::float8 as received, sum(landfilled)::float8 as landfilled,
           sum(recycled)::float8 as recycled, sum(sorted)::float8 as sorted
    from parts group by key order by key nulls last
  `.execute(db);

  const rows = result.rows.map((r) => ({
    key: r.key,
    manifests: Number(r.manifests),
    discharged: Number(r.discharged),
    received: Number(r.received),
    landfilled: Number(r.landfilled),
    recycled: Number(r.recycled),
    sorted: Number(r.sorted),
  }));
  const labels = await labelsOf(
    db,
    group,
    rows.flatMap((r) => (r.key === null ? [] : [r.key])),
  );
  const sum = (k: keyof Omit<Totals, 'key'>) => rows.reduce((s, r) => s + r[k], 0);
  const out: WasteStatisticsRow[] = rows.map((r) => ({
    key: r.key,
    label: r.key === null ? '—' : (labels.get(r.key) ?? r.key),
    ...figuresOf(r),
  }));
  return {
    from,
    to,
    groupBy: group,
    regionCode: query.regionCode ?? null,
    totals: figuresOf({
      manifests: sum('manifests'),
      discharged: sum('discharged'),
      received: sum('received'),
      landfilled: sum('landfilled'),
      recycled: sum('recycled'),
      sorted: sum('sorted'),
    }),
    rows: out,
  };
}
