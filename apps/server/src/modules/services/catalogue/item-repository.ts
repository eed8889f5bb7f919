// SQL of the catalogue: items and their children, written and read as whole guides.
import { sql } from 'kysely';
import type { ServiceItemType } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { normalizeGuide, type ItemGuide } from './item-guide.ts';

export interface ItemCodes {
  code: string;
  basicCode: string;
  typeCode: ServiceItemType;
  mainCode: string;
  subCode: string;
  departmentId: number;
  regionCode: string;
}

export interface ItemWrite {
  codes: ItemCodes;
  guide: ItemGuide;
}

export interface DepartmentRef {
  id: number;
  code: string;
  name: string;
  shortName: string;
  regionCode: string;
}

export interface StoredItem extends ItemWrite {
  id: number;
  department: DepartmentRef;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const chunk = <T>(rows: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
};

function itemRow(write: ItemWrite) {
  const { codes, guide } = write;
  return {
    code: codes.code,
    basic_code: codes.basicCode,
    type_code: codes.typeCode,
    main_code: codes.mainCode,
    sub_code: codes.subCode,
    department_id: codes.departmentId,
    region_code: codes.regionCode,
    name: guide.name,
    audience: guide.audience,
    legal_basis: guide.legalBasis,
    conditions: guide.conditions,
    legal_limit_days: guide.legalLimitDays,
    promised_limit_days: guide.promisedLimitDays,
    is_free: guide.fee.isFree,
    fee_amount: guide.fee.amountYuan,
    fee_basis: guide.fee.basis,
    place: guide.place,
    hours: guide.hours,
    visits: guide.visits,
    online_depth: guide.onlineDepth,
    channels: guide.channels,
    keywords: guide.keywords,
    enquiry_phone: guide.enquiryPhone,
    complaint_phone: guide.complaintPhone,
    workflow_key: guide.workflowKey,
    is_licensing: guide.isLicensing,
    issued_licence_type: guide.issuedLicenceType,
    result_name: guide.resultName,
    delivery_methods: guide.deliveryMethods,
    frequency: guide.frequency,
    status: guide.status,
  };
}

async function insertChildren(trx: Db, items: Array<{ id: number; write: ItemWrite }>) {
  const region = (i: { write: ItemWrite }) => i.write.codes.regionCode;
  const materials = items.flatMap((i) =>
    i.write.guide.materials.map((m, seq) => ({
      item_id: i.id,
      seq,
      region_code: region(i),
      name: m.name,
      forms: m.forms,
      copies: m.copies,
      requirement: m.requirement,
      condition: m.condition,
      source: m.source,
      licence_type: m.licenceType,
      blank_form_ref: m.blankFormRef,
      sample_ref: m.sampleRef,
      notes: m.notes,
    })),
  );
  const steps = items.flatMap((i) =>
    i.write.guide.steps.map((s, seq) => ({
      item_id: i.id,
      seq,
      region_code: region(i),
      name: s.name,
      actor: s.actor,
      limit_days: s.limitDays,
      description: s.description,
    })),
  );
  const special = items.flatMap((i) =>
    i.write.guide.specialSteps.map((s, seq) => ({
      item_id: i.id,
      seq,
      region_code: region(i),
      name: s.name,
      kind: s.kind,
      max_days: s.maxDays,
    })),
  );
  const events = items.flatMap((i) =>
    i.write.guide.lifeEvents.map((code) => ({
      item_id: i.id,
      life_event_code: code,
      region_code: region(i),
    })),
  );
  for (const rows of chunk(materials, 500)) {
    await trx.insertInto('service_item_materials').values(rows).execute();
  }
  for (const rows of chunk(steps, 1000)) {
    await trx.insertInto('service_item_steps').values(rows).execute();
  }
  for (const rows of chunk(special, 1000)) {
    await trx.insertInto('service_item_special_steps').values(rows).execute();
  }
  for (const rows of chunk(events, 2000)) {
    await trx.insertInto('service_item_life_events').values(rows).execute();
  }
}

/** Inserts new items with their children; answers the id of each code. */
export async function insertItems(trx: Db, writes: readonly ItemWrite[]) {
  const ids = new Map<string, number>();
  for (const part of chunk(writes, 200)) {
    const rows = await trx
      .insertInto('service_items')
      .values(part.map(itemRow))
      .returning(['id', 'code'])
      .execute();
    for (const r of rows) ids.set(r.code, Number(r.id));
    await insertChildren(
      trx,
      part.map((write) => ({ id: ids.get(write.codes.code)!, write })),
    );
  }
  return ids;
}

/** Replaces an item's guide (its codes stay); bumps its version and the catalogue revision. */
export async function replaceItem(trx: Db, id: number, write: ItemWrite): Promise<void> {
  const row = itemRow(write); // the codes are written again, unchanged
  await trx
    .updateTable('service_items')
    .set({
      ...row,
      version: sql<number>`version + 1`,
      revision: sql<number>`nextval('service_items_revision_seq')`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', id)
    .execute();
  for (const table of [
    'service_item_materials',
    'service_item_steps',
    'service_item_special_steps',
    'service_item_life_events',
  ] as const) {
    await trx.deleteFrom(table).where('item_id', '=', id).execute();
  }
  await insertChildren(trx, [{ id, write }]);
}

type ItemRowRead = Awaited<ReturnType<ReturnType<typeof itemQuery>['execute']>>[number];

function itemQuery(db: Db) {
  return db
    .selectFrom('service_items as i')
    .innerJoin('departments as d', 'd.id', 'i.department_id')
    .selectAll('i')
    .select([
      'd.code as department_code',
      'd.name as department_name',
      'd.short_name as department_short_name',
      'd.region_code as department_region_code',
    ]);
}

/** The children of the given items, or of every item when ids is 'all'. */
async function loadChildren(db: Db, ids: number[] | 'all') {
  const isAll = ids === 'all';
  const some = isAll ? [] : ids;
  if (!isAll && some.length === 0) return { materials: [], steps: [], special: [], events: [] };
  const bySeq = <T extends { item_id: number; seq: number }>(rows: T[]) =>
    rows.sort((a, b) => Number(a.item_id) - Number(b.item_id) || a.seq - b.seq);
  const [materials, steps, special, events] = await Promise.all([
    db
      .selectFrom('service_item_materials')
      .selectAll()
      .$if(!isAll, (q) => q.where('item_id', 'in', some))
      .execute(),
    db
      .selectFrom('service_item_steps')
      .selectAll()
      .$if(!isAll, (q) => q.where('item_id', 'in', some))
      .execute(),
    db
      .selectFrom('service_item_special_steps')
      .selectAll()
      .$if(!isAll, (q) => q.where('item_id', 'in', some))
      .execute(),
    db
      .selectFrom('service_item_life_events')
      .selectAll()
      .$if(!isAll, (q) => q.where('item_id', 'in', some))
      .execute(),
  ]);
  return { materials: bySeq(materials), steps: bySeq(steps), special: bySeq(special), events };
}

const groupBy = <T extends { item_id: number }>(rows: T[]) => {
  const map = new Map<number, T[]>();
  for (const r of rows) {
    const id = Number(r.item_id);
    const list = map.get(id);
    if (list) list.push(r);
    else map.set(id, [r]);
  }
  return map;
};

type Children = Awaited<ReturnType<typeof loadChildren>>;
interface ChildGroups {
  materials: Map<number, Children['materials']>;
  steps: Map<number, Children['steps']>;
  special: Map<number, Children['special']>;
  events: Map<number, Children['events']>;
}

function toStored(row: ItemRowRead, groups: ChildGroups): StoredItem {
  const id = Number(row.id);
  const guide = normalizeGuide(
    {
      name: row.name,
      audience: row.audience as ItemGuide['audience'],
      legalBasis: row.legal_basis,
      conditions: row.conditions,
      materials: (groups.materials.get(id) ?? []).map((m) => ({
        name: m.name,
        forms: m.forms as ItemGuide['materials'][number]['forms'],
        copies: m.copies,
        requirement: m.requirement as ItemGuide['materials'][number]['requirement'],
        condition: m.condition,
        source: m.source as ItemGuide['materials'][number]['source'],
        licenceType: m.licence_type,
        blankFormRef: m.blank_form_ref,
        sampleRef: m.sample_ref,
        notes: m.notes,
      })),
      steps: (groups.steps.get(id) ?? []).map((s) => ({
        name: s.name,
        actor: s.actor as ItemGuide['steps'][number]['actor'],
        limitDays: s.limit_days,
        description: s.description,
      })),
      legalLimitDays: row.legal_limit_days,
      promisedLimitDays: row.promised_limit_days,
      specialSteps: (groups.special.get(id) ?? []).map((s) => ({
        name: s.name,
        kind: s.kind as ItemGuide['specialSteps'][number]['kind'],
        maxDays: s.max_days,
      })),
      fee: {
        isFree: row.is_free,
        amountYuan: row.fee_amount === null ? null : Number(row.fee_amount),
        basis: row.fee_basis,
      },
      place: row.place,
      hours: row.hours,
      visits: row.visits,
      onlineDepth: row.online_depth,
      channels: row.channels as ItemGuide['channels'],
      lifeEvents: (groups.events.get(id) ?? []).map((e) => e.life_event_code),
      keywords: row.keywords,
      enquiryPhone: row.enquiry_phone,
      complaintPhone: row.complaint_phone,
      workflowKey: row.workflow_key,
      isLicensing: row.is_licensing,
      issuedLicenceType: row.issued_licence_type,
      resultName: row.result_name,
      deliveryMethods: row.delivery_methods as ItemGuide['deliveryMethods'],
      frequency: row.frequency,
      status: row.status as ItemGuide['status'],
    },
    { workflowKey: row.workflow_key, frequency: row.frequency, status: 'active' },
  );
  return {
    id,
    codes: {
      code: row.code,
      basicCode: row.basic_code,
      typeCode: row.type_code as ServiceItemType,
      mainCode: row.main_code,
      subCode: row.sub_code,
      departmentId: row.department_id,
      regionCode: row.region_code,
    },
    guide,
    department: {
      id: row.department_id,
      code: row.department_code,
      name: row.department_name,
      shortName: row.department_short_name,
      regionCode: row.department_region_code,
    },
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

async function assemble(
  db: Db,
  rows: ItemRowRead[],
  ids: number[] | 'all' = rows.map((r) => Number(r.id)),
): Promise<StoredItem[]> {
  const children = await loadChildren(db, ids);
  const groups = {
    materials: groupBy(children.materials),
    steps: groupBy(children.steps),
    special: groupBy(children.special),
    events: groupBy(children.events),
  };
  return rows.map((row) => toStored(row, groups));
}

/** One item with its whole guide, by implementation code. */
export async function findItem(db: Db, code: string): Promise<StoredItem | undefined> {
  const rows = await itemQuery(db).where('i.code', '=', code).execute();
  const [item] = await assemble(db, rows);
  return item;
}

/** Items with their whole guides, by implementation code (those that exist). */
export async function findItems(db: Db, codes: readonly string[]): Promise<StoredItem[]> {
  if (codes.length === 0) return [];
  const rows = await itemQuery(db).where('i.code', 'in', codes).execute();
  return assemble(db, rows);
}

/** Every item with its whole guide, ordered by code (for export and import comparison). */
export async function findAllItems(db: Db): Promise<StoredItem[]> {
  const rows = await itemQuery(db).orderBy('i.code').execute();
  return assemble(db, rows, 'all');
}

/** The id, version and codes of the items with these codes. */
export async function findItemKeys(db: Db, codes: readonly string[]) {
  if (codes.length === 0) return new Map<string, { id: number; departmentId: number }>();
  const rows = await db
    .selectFrom('service_items')
    .select(['id', 'code', 'department_id'])
    .where('code', 'in', codes)
    .execute();
  return new Map(rows.map((r) => [r.code, { id: Number(r.id), departmentId: r.department_id }]));
}

/** The highest revision of any item: it changes whenever an item is written. */
export async function findCatalogueRevision(db: Db): Promise<number> {
  const row = await db
    .selectFrom('service_items')
    .select(sql<string | number | null>`max(revision)`.as('revision'))
    .executeTakeFirst();
  return Number(row?.revision ?? 0);
}

/** The lean rows the search index is built from. */
export async function findSearchRows(db: Db) {
  const [items, events] = await Promise.all([
    db
      .selectFrom('service_items as i')
      .innerJoin('departments as d', 'd.id', 'i.department_id')
      .select([
        'i.id',
        'i.code',
        'i.basic_code',
        'i.type_code',
        'i.name',
        'i.department_id',
        'd.name as department_name',
        'd.short_name as department_short_name',
        'i.region_code',
        'i.audience',
        'i.legal_limit_days',
        'i.promised_limit_days',
        'i.visits',
        'i.online_depth',
        'i.channels',
        'i.keywords',
        'i.is_free',
        'i.is_licensing',
        'i.frequency',
        'i.status',
      ])
      .execute(),
    db.selectFrom('service_item_life_events').select(['item_id', 'life_event_code']).execute(),
  ]);
  return { items, events };
}

export async function findLifeEvents(db: Db) {
  return db
    .selectFrom('service_life_events')
    .select(['code', 'name', 'audience'])
    .orderBy('sort_order')
    .execute();
}

/** The default workflow key of each item type. */
export async function findTypeWorkflows(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('service_type_workflows').selectAll().execute();
  return new Map(rows.map((r) => [r.type_code, r.workflow_key]));
}

export async function findDepartments(db: Db): Promise<DepartmentRef[]> {
  const rows = await db
    .selectFrom('departments')
    .select(['id', 'code', 'name', 'short_name', 'region_code'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    regionCode: r.region_code,
  }));
}

export async function findDepartment(db: Db, id: number): Promise<DepartmentRef | undefined> {
  const r = await db
    .selectFrom('departments')
    .select(['id', 'code', 'name', 'short_name', 'region_code'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    r && {
      id: r.id,
      code: r.code,
      name: r.name,
      shortName: r.short_name,
      regionCode: r.region_code,
    }
  );
}

/** Which of these division codes exist. */
export async function findKnownDivisions(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .selectFrom('divisions')
    .select('code')
    .where('code', 'in', [...new Set(codes)])
    .execute();
  return new Set(rows.map((r) => r.code));
}
