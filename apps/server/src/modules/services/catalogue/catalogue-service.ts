// Creating, editing and reading service items: validation, scope, audit, index refresh.
import type {
  CreateServiceItemBody,
  ServiceItem,
  ServiceItemType,
  UpdateServiceItemBody,
} from '@citygov/contracts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import { appendAudit } from '../../../platform/audit/ledger.ts';
import { actorOf, can, type Principal } from '../../../platform/auth/principal.ts';
import { isWithinRegion } from '../../../platform/auth/region.ts';
import {
  buildBasicCode,
  buildImplementationCode,
  agencySegmentOf,
  parseBasicCode,
} from './item-codes.ts';
import { isSameGuide, normalizeGuide, type ItemGuide } from './item-guide.ts';
import { checkGuide, type ItemIssue } from './item-validation.ts';
import {
  findDepartment,
  findItem,
  findItemKeys,
  findKnownDivisions,
  findLifeEvents,
  findTypeWorkflows,
  insertItems,
  replaceItem,
  type DepartmentRef,
  type ItemCodes,
  type StoredItem,
} from './item-repository.ts';
import { toItemView } from './item-view.ts';
import { invalidateCatalogueIndex } from './search-index.ts';
import { cachedItem } from './item-cache.ts';

export const MANAGE_CATALOGUE = 'catalogue:manage';

export interface CodeInput {
  typeCode: ServiceItemType;
  mainCode: string;
  subCode: string;
  departmentId: number;
  regionCode?: string | undefined;
}

/** The codes of an item, or the issues that keep them from being built. */
export function resolveCodes(
  input: CodeInput,
  department: DepartmentRef | undefined,
  knownDivisions: ReadonlySet<string>,
): { codes: ItemCodes | null; issues: ItemIssue[] } {
  if (!department) {
    return {
      codes: null,
      issues: [
        { field: 'departmentId', message: `Department ${input.departmentId} does not exist` },
      ],
    };
  }
  const issues: ItemIssue[] = [];
  const regionCode = input.regionCode ?? department.regionCode;
  if (!knownDivisions.has(regionCode)) {
    issues.push({ field: 'regionCode', message: `Division ${regionCode} does not exist` });
  } else if (!isWithinRegion(regionCode, department.regionCode)) {
    issues.push({
      field: 'regionCode',
      message: `${department.name} works in ${department.regionCode}: it cannot implement an item in ${regionCode}`,
    });
  }
  if (!agencySegmentOf(department.code)) {
    issues.push({
      field: 'departmentId',
      message: `The code of ${department.name} (${department.code}) cannot form an item code`,
    });
  }
  if (issues.length > 0) return { codes: null, issues };
  const basic = { typeCode: input.typeCode, mainCode: input.mainCode, subCode: input.subCode };
  return {
    codes: {
      code: buildImplementationCode(basic, regionCode, department.code),
      basicCode: buildBasicCode(basic),
      ...basic,
      departmentId: department.id,
      regionCode,
    },
    issues: [],
  };
}

/** The one error for a guide that breaks rules: the first issue's field, and all of them. */
export function guideInvalid(issues: ItemIssue[]): AppError {
  const first = issues[0]!;
  return new AppError('validation_failed', first.message, { field: first.field, issues });
}

export const lifeEventCodes = async (db: Db) =>
  new Set((await findLifeEvents(db)).map((e) => e.code));

/** Top-level guide fields that differ, for the audit entry of an edit. */
export const changedFields = (before: ItemGuide, after: ItemGuide) =>
  (Object.keys(after) as Array<keyof ItemGuide>).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );

function assertMayManage(
  principal: Principal,
  codes: Pick<ItemCodes, 'regionCode' | 'departmentId'>,
) {
  if (
    !can(principal, MANAGE_CATALOGUE, {
      regionCode: codes.regionCode,
      departmentId: codes.departmentId,
    })
  ) {
    throw new AppError('forbidden', 'You may not manage the items of this department or region');
  }
}

/** Creates an item from its codes and guide; audited. */
export async function createItem(
  db: Db,
  principal: Principal,
  body: CreateServiceItemBody,
): Promise<ServiceItem> {
  const department = await findDepartment(db, body.departmentId);
  const divisions = await findKnownDivisions(db, [body.regionCode ?? department?.regionCode ?? '']);
  const { codes, issues } = resolveCodes(body, department, divisions);
  const workflows = await findTypeWorkflows(db);
  const guide = normalizeGuide(body, {
    workflowKey: workflows.get(body.typeCode) ?? 'services.standard',
    frequency: 0,
    status: 'active',
  });
  issues.push(...checkGuide(guide, await lifeEventCodes(db)));
  if (issues.length > 0 || !codes) throw guideInvalid(issues);
  assertMayManage(principal, codes);
  await inTransaction(db, async (trx) => {
    const existing = await findItemKeys(trx, [codes.code]);
    if (existing.size > 0) {
      throw new AppError('conflict', `Item ${codes.code} already exists`, { code: codes.code });
    }
    await insertItems(trx, [{ codes, guide }]);
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'services.item.create',
      subjectType: 'service_item',
      subjectId: codes.code,
      regionCode: codes.regionCode,
      departmentId: codes.departmentId,
      data: { name: guide.name, version: 1 },
    });
  });
  invalidateCatalogueIndex(db);
  return toItemView((await findItem(db, codes.code))!);
}

/** Replaces an item's guide; audited with the fields that changed. */
export async function updateItem(
  db: Db,
  principal: Principal,
  code: string,
  body: UpdateServiceItemBody,
): Promise<ServiceItem> {
  const item = await findItem(db, code);
  if (!item) throw notFound('Service item', code);
  assertMayManage(principal, item.codes);
  const guide = normalizeGuide(body, {
    workflowKey: item.guide.workflowKey,
    frequency: item.guide.frequency,
    status: item.guide.status,
  });
  const issues = checkGuide(guide, await lifeEventCodes(db));
  if (issues.length > 0) throw guideInvalid(issues);
  if (isSameGuide(guide, item.guide)) return toItemView(item);
  await inTransaction(db, async (trx) => {
    await replaceItem(trx, item.id, { codes: item.codes, guide });
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'services.item.update',
      subjectType: 'service_item',
      subjectId: code,
      regionCode: item.codes.regionCode,
      departmentId: item.codes.departmentId,
      data: { version: item.version + 1, changed: changedFields(item.guide, guide) },
    });
  });
  invalidateCatalogueIndex(db);
  return toItemView((await findItem(db, code))!);
}

/** The stored item of an implementation code, or of a basic code (its widest implementation). */
export async function findItemByAnyCode(db: Db, code: string): Promise<StoredItem | undefined> {
  if (!parseBasicCode(code)) return findItem(db, code);
  const widest = await db
    .selectFrom('service_items')
    .select('code')
    .where('basic_code', '=', code)
    .orderBy((eb) => eb.fn('length', ['region_code']))
    .orderBy('code')
    .executeTakeFirst();
  return widest && findItem(db, widest.code);
}

/** findItemByAnyCode from memory while the catalogue is unchanged (shared: do not change it). */
export const findCachedItemByAnyCode = (db: Db, code: string) =>
  cachedItem(db, code, findItemByAnyCode);

/** The full guide; a suspended item is shown only to those who manage the catalogue. */
export async function getItem(db: Db, principal: Principal, code: string): Promise<ServiceItem> {
  const item = await findItemByAnyCode(db, code);
  if (!item || (item.guide.status !== 'active' && !can(principal, MANAGE_CATALOGUE, item.codes))) {
    throw notFound('Service item', code);
  }
  return toItemView(item);
}
