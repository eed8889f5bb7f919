// SQL of the case loop: a case with its workflow state, as listed; reporters; departments.
import { sql, type SqlBool } from 'kysely';
import type { CaseSummary } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { definitionOf } from '../../../platform/workflow/index.ts';
import type { CaseLoopTables } from './case-loop-tables.ts';
import { CASE_SUBJECT, ensureCaseWorkflow } from './case-workflow.ts';

export const loopDb = (db: Db) => db.withTables<CaseLoopTables>();

/** Cases joined with their workflow instance and category name. */
export function selectCases(db: Db) {
  return loopDb(db)
    .selectFrom('cases as c')
    .innerJoin('workflow_instances as i', (join) =>
      join.on('i.subject_type', '=', CASE_SUBJECT).on(sql<SqlBool>`i.subject_id = c.id::text`),
    )
    .leftJoin('case_categories as cat', 'cat.code', 'c.category_code');
}

export const summaryColumns = [
  'c.id',
  'c.case_number',
  'c.region_code',
  'c.grid_code',
  'c.category_code',
  'cat.name_zh as category_name',
  'c.component_id',
  'c.lat',
  'c.lon',
  'c.address',
  'c.description',
  'c.urgency',
  'c.channel',
  'c.department_id',
  'c.reporter_count',
  'c.duplicate_of',
  'c.created_at',
  'c.workflow_key',
  'i.state',
  'i.state_deadline_at',
  'i.is_overdue',
  'i.escalation_level',
  'i.closed_at',
  'i.paused_at',
] as const;

interface SummaryRow {
  id: number;
  case_number: string;
  region_code: string;
  grid_code: string;
  category_code: string;
  category_name: string | null;
  component_id: string | null;
  lat: number;
  lon: number;
  address: string | null;
  description: string;
  urgency: CaseSummary['urgency'];
  channel: CaseSummary['channel'];
  department_id: number | null;
  reporter_count: number;
  duplicate_of: number | null;
  created_at: Date;
  workflow_key: string;
  state: string;
  state_deadline_at: Date | null;
  is_overdue: boolean;
  escalation_level: number;
  closed_at: Date | null;
  paused_at: Date | null;
}

/** The label of a case state (from the definition the case runs on). */
export function stateLabelOf(workflowKey: string, state: string) {
  ensureCaseWorkflow(workflowKey);
  try {
    return definitionOf(workflowKey, 1).states[state]?.label ?? { zh: state, en: state };
  } catch {
    return { zh: state, en: state };
  }
}

export function toCaseSummary(row: SummaryRow, now = new Date()): CaseSummary {
  const isLapsed =
    row.state_deadline_at !== null &&
    row.closed_at === null &&
    row.paused_at === null &&
    row.state_deadline_at < now;
  return {
    id: row.id,
    caseNumber: row.case_number,
    regionCode: row.region_code,
    gridCode: row.grid_code,
    categoryCode: row.category_code,
    categoryName: row.category_name ?? row.category_code,
    componentId: row.component_id,
    lat: row.lat,
    lon: row.lon,
    address: row.address,
    description: row.description,
    urgency: row.urgency,
    channel: row.channel,
    departmentId: row.department_id,
    reporterCount: row.reporter_count,
    duplicateOf: row.duplicate_of,
    state: row.state,
    stateLabel: stateLabelOf(row.workflow_key, row.state),
    stateDeadlineAt: row.state_deadline_at?.toISOString() ?? null,
    isOverdue: (row.is_overdue && row.closed_at === null) || isLapsed,
    escalationLevel: row.escalation_level,
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

/** One case as listed, or undefined. */
export async function findCaseSummary(db: Db, id: number): Promise<CaseSummary | undefined> {
  const row = await selectCases(db)
    .select(summaryColumns)
    .where('c.id', '=', id)
    .executeTakeFirst();
  return row ? toCaseSummary(row) : undefined;
}

export const asSummaryRow = (row: unknown) => row as SummaryRow;

/** User ids of the case's reporters who have an account (to notify them). */
export async function reporterUserIds(db: Db, caseId: number): Promise<number[]> {
  const rows = await loopDb(db)
    .selectFrom('case_reporters')
    .select('user_id')
    .where('case_id', '=', caseId)
    .where('user_id', 'is not', null)
    .execute();
  return [...new Set(rows.map((r) => r.user_id!))];
}

/** The departments a case is dispatched to (lead first). */
export async function caseDepartments(db: Db, caseId: number) {
  return loopDb(db)
    .selectFrom('case_departments as cd')
    .innerJoin('departments as d', 'd.id', 'cd.department_id')
    .select(['cd.department_id', 'cd.is_lead', 'd.name', 'd.region_code'])
    .where('cd.case_id', '=', caseId)
    .orderBy('cd.is_lead', 'desc')
    .orderBy('cd.department_id')
    .execute();
}
