// The classification of components and events: seeding, reading, admin edits, and routing a
// category to the department that handles it in a district.
import type {
  CategoryKind,
  CategoryList,
  CategoryView,
  UpdateCategoryBody,
} from '@citygov/contracts';
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { inTransaction } from '../../platform/db/database.ts';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.ts';
import { appendAudit } from '../../platform/audit/ledger.ts';
import { actorOf, can, type Principal } from '../../platform/auth/principal.ts';
import { CITY_CODE } from '../../platform/org/index.ts';
import { catalogueEntries, catalogueMajors } from './category-catalogue.ts';
import { findDepartmentKey, nameVariantsOf } from './department-keys.ts';

const selectView = (db: Db) =>
  db
    .selectFrom('case_categories as c')
    .innerJoin('case_category_majors as m', (join) =>
      join.onRef('m.kind', '=', 'c.kind').onRef('m.code', '=', 'c.major_code'),
    )
    .leftJoin('departments as d', 'd.code', 'c.department_code')
    .select([
      'c.code',
      'c.kind',
      'c.major_code',
      'c.minor_code',
      'm.name_zh as major_name_zh',
      'm.name_en as major_name_en',
      'c.name_zh',
      'c.name_en',
      'c.department_key',
      'c.department_code',
      'd.name as department_name',
      'c.case_kind',
      'c.limits',
      'c.is_anonymous_allowed',
      'c.is_restricted',
      'c.is_active',
      'c.updated_at',
    ]);

type ViewRow = Awaited<ReturnType<ReturnType<typeof selectView>['executeTakeFirstOrThrow']>>;

const toView = (row: ViewRow): CategoryView => ({
  code: row.code,
  kind: row.kind,
  majorCode: row.major_code,
  minorCode: row.minor_code,
  majorNameZh: row.major_name_zh,
  majorNameEn: row.major_name_en,
  nameZh: row.name_zh,
  nameEn: row.name_en,
  departmentKey: row.department_key,
  departmentCode: row.department_code,
  departmentName: row.department_name,
  caseKind: row.case_kind,
  limits: row.limits,
  isAnonymousAllowed: row.is_anonymous_allowed,
  isRestricted: row.is_restricted,
  isActive: row.is_active,
  updatedAt: row.updated_at.toISOString(),
});

/** The municipal department that is the body of `key`, by name, or null when none is loaded. */
export async function findMunicipalDepartment(db: Db, key: string) {
  const names = findDepartmentKey(key)?.names ?? [];
  for (const name of names) {
    const variants = nameVariantsOf(name);
    const found = await db
      .selectFrom('departments')
      .select(['id', 'code', 'name'])
      .where('region_code', '=', CITY_CODE)
      .where((eb) => eb.or([eb('short_name', 'in', variants), eb('name', 'in', variants)]))
      .orderBy('id')
      .executeTakeFirst();
    if (found) return found;
  }
  return null;
}

/**
 * Loads the demo classification: majors and minors that are missing (admin edits are kept),
 * then names the municipal department of every minor that has none yet. Returns the count.
 */
export async function seedCategories(db: Db): Promise<number> {
  await inTransaction(db, async (trx) => {
    await trx
      .insertInto('case_category_majors')
      .values(
        catalogueMajors.map((m) => ({
          kind: m.kind,
          code: m.code,
          name_zh: m.nameZh,
          name_en: m.nameEn,
        })),
      )
      .onConflict((oc) => oc.columns(['kind', 'code']).doNothing())
      .execute();
    await trx
      .insertInto('case_categories')
      .values(
        catalogueEntries.map((e) => ({
          code: e.code,
          kind: e.kind,
          major_code: e.majorCode,
          minor_code: e.minorCode,
          name_zh: e.nameZh,
          name_en: e.nameEn,
          department_key: e.departmentKey,
          department_code: null,
          case_kind: e.caseKind,
          limits: JSON.stringify(e.limits),
          is_anonymous_allowed: e.isAnonymousAllowed,
          is_restricted: e.isRestricted,
        })),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    const unresolved = await trx
      .selectFrom('case_categories')
      .select(['code', 'department_key'])
      .where('department_code', 'is', null)
      .execute();
    const keys = [...new Set(unresolved.map((u) => u.department_key))];
    for (const key of keys) {
      const department = await findMunicipalDepartment(trx, key);
      if (!department) continue;
      await trx
        .updateTable('case_categories')
        .set({ department_code: department.code })
        .where('department_key', '=', key)
        .where('department_code', 'is', null)
        .execute();
    }
  });
  forgetCategories(db);
  const { count } = await db
    .selectFrom('case_categories')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

export async function listCategories(
  db: Db,
  query: { kind?: CategoryKind; includeInactive?: boolean },
): Promise<CategoryList> {
  let majors = db.selectFrom('case_category_majors').selectAll().orderBy('kind').orderBy('code');
  let items = selectView(db).orderBy('c.code');
  if (query.kind) {
    majors = majors.where('kind', '=', query.kind);
    items = items.where('c.kind', '=', query.kind);
  }
  if (!query.includeInactive) items = items.where('c.is_active', '=', true);
  const [majorRows, itemRows] = await Promise.all([majors.execute(), items.execute()]);
  return {
    majors: majorRows.map((m) => ({
      kind: m.kind,
      code: m.code,
      nameZh: m.name_zh,
      nameEn: m.name_en,
    })),
    items: itemRows.map(toView),
  };
}

/** One minor class; 404 when unknown. */
export async function getCategory(db: Db, code: string): Promise<CategoryView> {
  const row = await selectView(db).where('c.code', '=', code).executeTakeFirst();
  if (!row) throw notFound('category', code);
  return toView(row);
}

// Intake reads a category on every report: the classification is kept in memory per database
// handle, dropped when this process edits it and re-read when another one did (checked every
// few seconds, like the grid index).
const CATEGORIES_RECHECK_MS = 5_000;

interface CategoryCache {
  byCode: Map<string, CategoryView>;
  revision: string;
  checkedAt: number;
}

const categoryCaches = new WeakMap<Db, CategoryCache | Promise<CategoryCache>>();

async function categoriesRevision(db: Db): Promise<string> {
  const row = await db
    .selectFrom('case_categories')
    .select(
      sql<string>`count(*)::text || '/' || coalesce(max(updated_at)::text, '')`.as('revision'),
    )
    .executeTakeFirstOrThrow();
  return row.revision;
}

async function loadCategories(db: Db): Promise<CategoryCache> {
  const revision = await categoriesRevision(db);
  const rows = await selectView(db).execute();
  return {
    byCode: new Map(rows.map((row) => [row.code, toView(row)])),
    revision,
    checkedAt: Date.now(),
  };
}

async function currentCategories(db: Db): Promise<CategoryCache> {
  const cached = categoryCaches.get(db);
  if (cached instanceof Promise) return cached;
  if (cached && Date.now() - cached.checkedAt < CATEGORIES_RECHECK_MS) return cached;
  if (cached && (await categoriesRevision(db)) === cached.revision) {
    cached.checkedAt = Date.now();
    return cached;
  }
  const loading = loadCategories(db);
  categoryCaches.set(db, loading);
  try {
    const loaded = await loading;
    if (categoryCaches.get(db) === loading) categoryCaches.set(db, loaded);
    return loaded;
  } catch (error) {
    if (categoryCaches.get(db) === loading) categoryCaches.delete(db);
    throw error;
  }
}

/** Drops this process's copy of the classification (after changing it). */
export function forgetCategories(db: Db): void {
  categoryCaches.delete(db);
}

/**
 * One minor class as this process last read it (at most a few seconds old when another
 * process edited it); 404 when unknown. Pass the root database handle.
 */
export async function getCachedCategory(db: Db, code: string): Promise<CategoryView> {
  const found = (await currentCategories(db)).byCode.get(code);
  if (!found) throw notFound('category', code);
  return found;
}

function checkLimits(limits: UpdateCategoryBody['limits']) {
  if (!limits.urgencies[limits.defaultUrgency]) {
    throw invalid(
      'limits.defaultUrgency',
      `limits.defaultUrgency "${limits.defaultUrgency}" must be one of the urgency levels given in limits.urgencies`,
    );
  }
}

/** Replaces a minor class's editable fields (city-wide permission needed); audited. */
export async function updateCategory(
  db: Db,
  principal: Principal,
  code: string,
  body: UpdateCategoryBody,
): Promise<CategoryView> {
  if (!can(principal, 'categories:manage', { regionCode: CITY_CODE })) {
    throw forbidden(
      'The classification is city-wide: editing it needs categories:manage for the whole city',
    );
  }
  if (!findDepartmentKey(body.departmentKey)) {
    throw invalid(
      'departmentKey',
      `departmentKey "${body.departmentKey}" is not a known kind of body`,
    );
  }
  checkLimits(body.limits);
  const updated = await inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('case_categories')
      .selectAll()
      .where('code', '=', code)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw notFound('category', code);
    if (body.departmentCode !== null) {
      const department = await trx
        .selectFrom('departments')
        .select(['code', 'region_code'])
        .where('code', '=', body.departmentCode)
        .executeTakeFirst();
      if (!department) {
        throw invalid(
          'departmentCode',
          `departmentCode ${body.departmentCode} is not a known department`,
        );
      }
      if (department.region_code !== CITY_CODE) {
        throw invalid(
          'departmentCode',
          `departmentCode must name a municipal department (its district counterparts take the cases), not ${body.departmentCode}`,
        );
      }
    }
    const departmentCode =
      body.departmentCode ?? (await findMunicipalDepartment(trx, body.departmentKey))?.code ?? null;
    await trx
      .updateTable('case_categories')
      .set({
        name_zh: body.nameZh,
        name_en: body.nameEn,
        department_key: body.departmentKey,
        department_code: departmentCode,
        case_kind: body.caseKind,
        limits: JSON.stringify(body.limits),
        is_anonymous_allowed: body.isAnonymousAllowed,
        is_restricted: body.isRestricted,
        is_active: body.isActive,
        updated_at: new Date(),
      })
      .where('code', '=', code)
      .execute();
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'cases.category.update',
      subjectType: 'case_category',
      subjectId: code,
      regionCode: CITY_CODE,
      data: {
        before: {
          nameZh: before.name_zh,
          departmentKey: before.department_key,
          departmentCode: before.department_code,
          caseKind: before.case_kind,
          limits: before.limits,
          isAnonymousAllowed: before.is_anonymous_allowed,
          isRestricted: before.is_restricted,
          isActive: before.is_active,
        },
        after: { ...body, departmentCode },
      },
    });
    const row = await selectView(trx).where('c.code', '=', code).executeTakeFirstOrThrow();
    return toView(row);
  });
  forgetCategories(db);
  return updated;
}

export interface ResponsibleDepartment {
  id: number;
  code: string;
  name: string;
  regionCode: string;
  /** False when no district counterpart exists and the municipal body itself handles. */
  isDistrictCounterpart: boolean;
}

/**
 * Who handles a case of `categoryCode` in `regionCode` (any division code: its district is
 * used): the district counterpart of the category's municipal department, else that
 * department itself; null when no department is known for the category.
 */
export async function resolveResponsibleDepartment(
  db: Db,
  categoryCode: string,
  regionCode: string,
): Promise<ResponsibleDepartment | null> {
  const category = await db
    .selectFrom('case_categories')
    .select(['department_key', 'department_code'])
    .where('code', '=', categoryCode)
    .executeTakeFirst();
  if (!category)
    throw new AppError('validation_failed', `category ${categoryCode} is unknown`, {
      field: 'categoryCode',
    });
  const municipal = category.department_code
    ? await db
        .selectFrom('departments')
        .select(['id', 'code', 'name'])
        .where('code', '=', category.department_code)
        .executeTakeFirst()
    : await findMunicipalDepartment(db, category.department_key);
  if (!municipal) return null;
  const district = regionCode.slice(0, 6);
  const counterpart = await db
    .selectFrom('departments')
    .select(['id', 'code', 'name', 'region_code'])
    .where('city_department_id', '=', municipal.id)
    .where('region_code', '=', district)
    .orderBy('id')
    .executeTakeFirst();
  if (counterpart) {
    return {
      id: counterpart.id,
      code: counterpart.code,
      name: counterpart.name,
      regionCode: counterpart.region_code,
      isDistrictCounterpart: true,
    };
  }
  return {
    id: municipal.id,
    code: municipal.code,
    name: municipal.name,
    regionCode: CITY_CODE,
    isDistrictCounterpart: false,
  };
}
