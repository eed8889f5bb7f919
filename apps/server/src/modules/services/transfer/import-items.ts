// Importing the catalogue from XLSX or CSV. Every row is read and checked first, with each
// problem reported by row and column; then, in one transaction, new items are created and
// changed ones replaced. In atomic mode (the default) one bad row means nothing is written.
import { Ajv, type ErrorObject } from 'ajv';
import {
  CreateServiceItemBody,
  type CatalogueFileFormat,
  type ImportMode,
  type ImportRowError,
  type ServiceItemImportReport,
} from '@citygov/contracts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { appendAudit } from '../../../platform/audit/ledger.ts';
import { actorOf, can, type Principal } from '../../../platform/auth/principal.ts';
import {
  changedFields,
  lifeEventCodes,
  MANAGE_CATALOGUE,
  resolveCodes,
} from '../catalogue/catalogue-service.ts';
import { isSameGuide, normalizeGuide, type ItemGuide } from '../catalogue/item-guide.ts';
import { checkGuide } from '../catalogue/item-validation.ts';
import {
  findAllItems,
  findDepartments,
  findKnownDivisions,
  findTypeWorkflows,
  insertItems,
  replaceItem,
  type DepartmentRef,
  type ItemWrite,
  type StoredItem,
} from '../catalogue/item-repository.ts';
import { invalidateCatalogueIndex } from '../catalogue/search-index.ts';
import { columnOf, readItemRow, sheetColumns } from './item-sheet.ts';
import { readCsvRows, readXlsxRows } from './workbook.ts';

const ajv = new Ajv({ allErrors: true, coerceTypes: false, strict: false });
const checkBody = ajv.compile<CreateServiceItemBody>(CreateServiceItemBody);

export interface ImportRequest {
  format: CatalogueFileFormat;
  data: Buffer;
  mode: ImportMode;
  isDryRun: boolean;
}

type Planned =
  | { kind: 'create'; row: number; write: ItemWrite }
  | { kind: 'update'; row: number; write: ItemWrite; existing: StoredItem }
  | { kind: 'unchanged'; row: number };

function schemaErrors(
  errors: ErrorObject[] | null | undefined,
): Array<{ field: string; message: string }> {
  return (errors ?? []).map((e) => {
    const path = e.instancePath.replace(/^\//, '').split('/').filter(Boolean);
    if (e.keyword === 'required') path.push(String(e.params.missingProperty));
    const name = path.filter((p) => !/^[0-9]+$/.test(p)).at(-1) ?? 'value';
    const message =
      e.keyword === 'required' ? `${name} is required` : `${name} ${e.message ?? 'is invalid'}`;
    return { field: path.join('.'), message };
  });
}

/** The header's column keys by position; problems with the header are row-1 errors. */
function readHeader(header: string[], errors: ImportRowError[]): Array<string | null> {
  const byName = new Map<string, string>();
  for (const c of sheetColumns) {
    byName.set(c.key.toLowerCase(), c.key);
    byName.set(c.label, c.key);
  }
  const seen = new Set<string>();
  const keys = header.map((cell, i) => {
    const name = cell.trim();
    if (name === '') return null;
    const key = byName.get(name) ?? byName.get(name.toLowerCase());
    if (!key) {
      errors.push({ row: 1, column: name, message: `Unknown column "${name}" (column ${i + 1})` });
      return null;
    }
    if (seen.has(key)) errors.push({ row: 1, column: key, message: `Column ${key} appears twice` });
    seen.add(key);
    return key;
  });
  for (const c of sheetColumns) {
    if (c.isRequired && !seen.has(c.key)) {
      errors.push({
        row: 1,
        column: c.key,
        message: `The header has no ${c.key} (${c.label}) column`,
      });
    }
  }
  if (!seen.has('departmentCode') && !seen.has('departmentName')) {
    errors.push({
      row: 1,
      column: 'departmentCode',
      message: 'The header needs departmentCode or departmentName',
    });
  }
  return keys;
}

function departmentOf(
  code: string | null,
  name: string | null,
  departments: readonly DepartmentRef[],
): DepartmentRef | string {
  if (code) {
    const found = departments.find((d) => d.code.toUpperCase() === code.toUpperCase());
    return found ?? `No department has the code "${code}"`;
  }
  if (name) {
    const found = departments.filter((d) => d.name === name);
    if (found.length === 1) return found[0]!;
    return found.length === 0
      ? `No department is named "${name}"`
      : `Several departments are named "${name}": give departmentCode`;
  }
  return 'departmentCode (or departmentName) is required';
}

/** Checks every row, then writes (unless dry run, or atomic with errors); answers the report. */
export async function importItems(
  db: Db,
  principal: Principal,
  request: ImportRequest,
): Promise<ServiceItemImportReport> {
  const rows =
    request.format === 'xlsx'
      ? await readXlsxRows(request.data)
      : readCsvRows(request.data.toString('utf8'));
  const errors: ImportRowError[] = [];
  if (rows.length === 0)
    throw new AppError('validation_failed', 'The file is empty', { field: 'file' });
  const keys = readHeader(rows[0]!, errors);
  const report = (
    planned: Planned[],
    isApplied: boolean,
    dataRows: number,
  ): ServiceItemImportReport => ({
    rows: dataRows,
    created: planned.filter((p) => p.kind === 'create').length,
    updated: planned.filter((p) => p.kind === 'update').length,
    unchanged: planned.filter((p) => p.kind === 'unchanged').length,
    rejected: new Set(errors.filter((e) => e.row > 1).map((e) => e.row)).size,
    isApplied,
    errors,
  });
  if (errors.length > 0) return finish(request, report([], false, 0));

  const [departments, lifeEvents, workflows, existing] = await Promise.all([
    findDepartments(db),
    lifeEventCodes(db),
    findTypeWorkflows(db),
    findAllItems(db),
  ]);
  const stored = new Map(existing.map((i) => [i.codes.code, i]));
  const regionCodes = rows.slice(1).map((r) => r[keys.indexOf('regionCode')] ?? '');
  const divisions = await findKnownDivisions(db, [
    ...regionCodes.filter(Boolean),
    ...departments.map((d) => d.regionCode),
  ]);

  const planned: Planned[] = [];
  const firstRowOf = new Map<string, number>();
  let dataRows = 0;
  rows.slice(1).forEach((cellsAt, i) => {
    const row = i + 2;
    if (cellsAt.every((c) => c.trim() === '')) return;
    dataRows++;
    const before = errors.length;
    const add = (column: string, message: string) => errors.push({ row, column, message });
    const cells = new Map<string, string>();
    keys.forEach((k, c) => k && cells.set(k, cellsAt[c] ?? ''));
    const read = readItemRow(cells);
    for (const e of read.errors) add(e.column, e.message);
    const department = departmentOf(read.departmentCode, read.departmentName, departments);
    if (typeof department === 'string') add('departmentCode', department);
    else read.body.departmentId = department.id;
    if (!checkBody(read.body)) {
      for (const issue of schemaErrors(checkBody.errors)) {
        if (issue.field === 'departmentId') continue; // reported above
        const { column, message } = columnOf(issue.field, issue.message);
        if (!errors.some((e) => e.row === row && e.column === column)) add(column, message);
      }
    }
    if (errors.length > before || typeof department === 'string') return;
    const body = read.body as CreateServiceItemBody;
    const { codes, issues } = resolveCodes(body, department, divisions);
    const current = codes ? stored.get(codes.code) : undefined;
    const guide: ItemGuide = normalizeGuide(body, {
      workflowKey:
        current?.guide.workflowKey ?? workflows.get(body.typeCode) ?? 'services.standard',
      frequency: current?.guide.frequency ?? 0,
      status: current?.guide.status ?? 'active',
    });
    issues.push(...checkGuide(guide, lifeEvents));
    for (const issue of issues) {
      const { column, message } = columnOf(issue.field, issue.message);
      add(column, message);
    }
    if (!codes) return;
    if (read.code && read.code !== codes.code) {
      add('code', `The code ${read.code} does not match this row's codes (${codes.code})`);
    }
    const twin = firstRowOf.get(codes.code);
    if (twin !== undefined) add('code', `Item ${codes.code} is also in row ${twin}`);
    firstRowOf.set(codes.code, row);
    if (
      !can(principal, MANAGE_CATALOGUE, {
        regionCode: codes.regionCode,
        departmentId: codes.departmentId,
      })
    ) {
      add('departmentCode', `You may not manage the items of ${department.name}`);
    }
    if (errors.length > before) return;
    const write = { codes, guide };
    if (!current) planned.push({ kind: 'create', row, write });
    else if (isSameGuide(current.guide, guide)) planned.push({ kind: 'unchanged', row });
    else planned.push({ kind: 'update', row, write, existing: current });
  });

  const canWrite = !request.isDryRun && (errors.length === 0 || request.mode === 'valid_only');
  if (!canWrite) return finish(request, report(planned, false, dataRows));
  await inTransaction(db, async (trx) => {
    const creates = planned.flatMap((p) => (p.kind === 'create' ? [p.write] : []));
    await insertItems(trx, creates);
    for (const p of planned) {
      if (p.kind === 'unchanged') continue;
      if (p.kind === 'update') await replaceItem(trx, p.existing.id, p.write);
      await appendAudit(trx, {
        actor: actorOf(principal),
        action: p.kind === 'create' ? 'services.item.create' : 'services.item.update',
        subjectType: 'service_item',
        subjectId: p.write.codes.code,
        regionCode: p.write.codes.regionCode,
        departmentId: p.write.codes.departmentId,
        data:
          p.kind === 'create'
            ? { via: 'import', row: p.row, name: p.write.guide.name, version: 1 }
            : {
                via: 'import',
                row: p.row,
                version: p.existing.version + 1,
                changed: changedFields(p.existing.guide, p.write.guide),
              },
      });
    }
  });
  invalidateCatalogueIndex(db);
  return report(planned, true, dataRows);
}

/** A report that wrote nothing: an atomic import with errors is refused (400) unless dry run. */
function finish(request: ImportRequest, report: ServiceItemImportReport): ServiceItemImportReport {
  if (report.errors.length > 0 && !request.isDryRun && request.mode === 'atomic') {
    const first = report.errors[0]!;
    const what =
      report.rejected > 0 ? `${report.rejected} row(s) have errors` : 'The header has errors';
    throw new AppError(
      'validation_failed',
      `${what}; nothing was imported (first: row ${first.row}, column ${first.column}: ${first.message})`,
      { field: 'file', ...report },
    );
  }
  return report;
}
