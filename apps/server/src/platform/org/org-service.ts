// Read access to divisions and departments.
import type {
  DepartmentListQuery,
  DepartmentView,
  DivisionDetail,
  DivisionListQuery,
  DivisionView,
} from '@citygov/contracts';
import type { Db } from '../db/database.ts';
import type { DivisionsTable } from '../db/core-tables.ts';
import { notFound } from '../errors.ts';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
/** A LIKE pattern matching user text anywhere, literally (wildcards escaped). */
export const likeText = (text: string) => `%${escapeLike(text)}%`;
/** A LIKE pattern matching values that start with the user text. */
export const likePrefix = (text: string) => `${escapeLike(text)}%`;

const toDivisionView = (row: DivisionsTable): DivisionView => ({
  code: row.code,
  name: row.name,
  level: row.level,
  parentCode: row.parent_code,
  lat: row.lat,
  lon: row.lon,
});

/** Lists divisions: the children of `parent`, or those of a level, or the top (the city). */
export async function listDivisions(db: Db, query: DivisionListQuery): Promise<DivisionView[]> {
  let q = db.selectFrom('divisions').selectAll();
  if (query.parent) q = q.where('parent_code', '=', query.parent);
  if (query.level) q = q.where('level', '=', query.level);
  if (!query.parent && !query.level) q = q.where('parent_code', 'is', null);
  if (query.q) q = q.where('name', 'like', likeText(query.q));
  const rows = await q
    .orderBy('code')
    .limit(query.limit ?? 2000)
    .execute();
  return rows.map(toDivisionView);
}

/** One division with its ancestors (city first) and how many children it has. */
export async function getDivision(db: Db, code: string): Promise<DivisionDetail> {
  const row = await db
    .selectFrom('divisions')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirst();
  if (!row) throw notFound('division', code);
  const ancestors: DivisionView[] = [];
  let parent = row.parent_code;
  while (parent) {
    const p = await db
      .selectFrom('divisions')
      .selectAll()
      .where('code', '=', parent)
      .executeTakeFirst();
    if (!p) break;
    ancestors.unshift(toDivisionView(p));
    parent = p.parent_code;
  }
  const { n } = await db
    .selectFrom('divisions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('parent_code', '=', code)
    .executeTakeFirstOrThrow();
  return { ...toDivisionView(row), ancestors, childCount: Number(n) };
}

function departmentQuery(db: Db) {
  return db
    .selectFrom('departments as d')
    .leftJoin('divisions as v', 'v.code', 'd.region_code')
    .select([
      'd.id',
      'd.code',
      'd.name',
      'd.short_name',
      'd.region_code',
      'd.city_department_id',
      'd.kind',
      'v.name as region_name',
    ]);
}

type DepartmentRow = Awaited<
  ReturnType<ReturnType<typeof departmentQuery>['executeTakeFirstOrThrow']>
>;

const toDepartmentView = (r: DepartmentRow): DepartmentView => ({
  id: r.id,
  code: r.code,
  name: r.name,
  shortName: r.short_name,
  regionCode: r.region_code,
  regionName: r.region_name,
  cityDepartmentId: r.city_department_id,
  kind: r.kind,
});

/** Lists departments, filtered by region, municipal counterpart, kind or name. */
export async function listDepartments(
  db: Db,
  query: DepartmentListQuery,
): Promise<DepartmentView[]> {
  let q = departmentQuery(db);
  if (query.region) q = q.where('d.region_code', '=', query.region);
  if (query.cityDepartmentId) q = q.where('d.city_department_id', '=', query.cityDepartmentId);
  if (query.kind) q = q.where('d.kind', '=', query.kind);
  if (query.q) q = q.where('d.name', 'like', likeText(query.q));
  const rows = await q
    .orderBy('d.region_code')
    .orderBy('d.id')
    .limit(query.limit ?? 500)
    .offset(query.offset ?? 0)
    .execute();
  return rows.map(toDepartmentView);
}

export async function getDepartment(db: Db, id: number): Promise<DepartmentView> {
  const row = await departmentQuery(db).where('d.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('department', id);
  return toDepartmentView(row);
}
