// Loads the organisation into the database: the real divisions and the department catalogue.
// Both are idempotent: rows that exist are kept, so a rerun adds only what is missing.
import type { Db } from '../db/database.ts';
import { loadChongqingDivisions, shortDistrictName, CITY_CODE } from './china-divisions.ts';
import {
  cityDepartmentCode,
  cityDepartments,
  districtCounterparts,
  districtDepartmentCode,
} from './department-catalogue.ts';

const BATCH = 1000;

/** Inserts every Chongqing division (about 12,000 rows) in batches; returns the count loaded. */
export async function loadDivisions(db: Db): Promise<number> {
  const rows = await loadChongqingDivisions();
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto('divisions')
      .values(rows.slice(i, i + BATCH))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  return rows.length;
}

/** The unit word of a district-level division: 区 for districts, 县 for counties. */
export const unitOf = (name: string) => (name.endsWith('区') ? '区' : '县');

/** Inserts the municipal departments and their counterparts in every district and county. */
export async function loadDepartments(db: Db): Promise<number> {
  await db
    .insertInto('departments')
    .values(
      cityDepartments.map((d) => ({
        code: cityDepartmentCode(d.abbr),
        name: d.name,
        short_name: d.shortName,
        region_code: CITY_CODE,
        city_department_id: null,
        kind: d.kind,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const city = await db
    .selectFrom('departments')
    .select(['id', 'code', 'kind'])
    .where('region_code', '=', CITY_CODE)
    .execute();
  const cityByCode = new Map(city.map((d) => [d.code, d]));
  const districts = await db
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('level', '=', 2)
    .where('code', 'like', '50%')
    .orderBy('code')
    .execute();
  const rows = districts.flatMap((district) => {
    const unit = unitOf(district.name);
    return districtCounterparts.map((c) => {
      const parent = cityByCode.get(cityDepartmentCode(c.abbr));
      return {
        code: districtDepartmentCode(district.code, c.abbr),
        name: c.name(district.name, unit),
        short_name: c.shortName(unit),
        region_code: district.code,
        city_department_id: parent?.id ?? null,
        kind: parent?.kind ?? 'government',
      };
    });
  });
  for (let i = 0; i < rows.length; i += BATCH) {
    await db
      .insertInto('departments')
      .values(rows.slice(i, i + BATCH))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  return city.length + rows.length;
}

export { shortDistrictName };
