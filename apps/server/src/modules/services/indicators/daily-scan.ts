// 日扫描: the applications of each department that are overdue or about to be, as of a day.
// Overdue: open, and flagged overdue or past the deadline with the clock running. At risk: open,
// clock running, due within `atRiskDays` working days (0 = due that day). Applications whose
// clock is stopped (待受理, 补正, special steps) are not at risk: their deadline moves.
import { sql } from 'kysely';
import type { DailyScanAnswer, DailyScanDepartment, DailyScanEntry } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';
import { invalid } from '../../../platform/errors.ts';
import {
  addWorkingDays,
  ensureCalendarLoaded,
  localDateOf,
  startOfLocalDay,
  workingDaysBetween,
} from '../../../platform/calendar/index.ts';
import { definitionOf } from '../../../platform/workflow/index.ts';

/** settings key: at risk = at most this many working days left (default 1). */
export const AT_RISK_DAYS_SETTING = 'services.daily_scan.at_risk_days';
const DEFAULT_AT_RISK_DAYS = 1;
/** Entries listed per department (the counts are exact). */
export const ENTRIES_PER_DEPARTMENT = 200;

export async function readAtRiskDays(db: Db): Promise<number> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', AT_RISK_DAYS_SETTING)
    .executeTakeFirst();
  const value = Number(row?.value);
  return Number.isInteger(value) && value >= 0 && value <= 10 ? value : DEFAULT_AT_RISK_DAYS;
}

export interface ScanScope {
  prefix: string;
  departmentId: number | null;
}

/** 张三 → 张*; 欧阳娜娜 → 欧***: the scan is a list for supervisors, not a register. */
const maskName = (name: string) => {
  const chars = [...name];
  return chars.length <= 1 ? name : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
};

interface ScanRow {
  id: number;
  number: string;
  item_code: string;
  item_name: string;
  applicant_name: string;
  department_id: number;
  department_name: string;
  department_region: string;
  state: string;
  definition_key: string;
  definition_version: number;
  deadline_at: Date;
  is_late: boolean;
}

/** The scan of `date` (default today) in the given scopes, grouped by department. */
export async function scanApplications(
  db: Db,
  scopes: readonly ScanScope[],
  options: { date?: string; atRiskDays?: number; departmentId?: number; now?: Date } = {},
): Promise<DailyScanAnswer> {
  await ensureCalendarLoaded(db);
  const date = options.date ?? localDateOf(options.now ?? new Date());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw invalid('date', 'date must be YYYY-MM-DD');
  const atRiskDays = options.atRiskDays ?? (await readAtRiskDays(db));
  const dayStart = startOfLocalDay(date);
  const riskEnd = addWorkingDays(date, atRiskDays);
  const scope = sql.join(
    scopes.map((s) =>
      s.departmentId === null
        ? sql`a.region_code LIKE ${`${s.prefix}%`}`
        : sql`(a.region_code LIKE ${`${s.prefix}%`} AND a.department_id = ${s.departmentId})`,
    ),
    sql` OR `,
  );
  const late = sql`(wi.is_overdue OR (wi.paused_at IS NULL AND wi.deadline_at < ${dayStart}))`;
  const { rows } = await sql<ScanRow>`
    SELECT a.id, a.number, a.item_code, a.item_name, a.applicant_name, a.department_id,
           d.name AS department_name, d.region_code AS department_region, wi.state,
           wi.definition_key, wi.definition_version, wi.deadline_at, ${late} AS is_late
      FROM workflow_instances wi
      JOIN service_applications a ON a.instance_id = wi.id
      JOIN departments d ON d.id = a.department_id
     WHERE wi.closed_at IS NULL AND wi.subject_type = 'service_application'
       AND wi.deadline_at IS NOT NULL
       AND (${late} OR (wi.paused_at IS NULL AND wi.deadline_at <= ${riskEnd}))
       AND (${scope})
       ${options.departmentId === undefined ? sql`` : sql`AND a.department_id = ${options.departmentId}`}
     ORDER BY wi.deadline_at, a.id`.execute(db);

  const departments = new Map<number, DailyScanDepartment>();
  for (const r of rows) {
    let department = departments.get(r.department_id);
    if (!department) {
      department = {
        departmentId: r.department_id,
        departmentName: r.department_name,
        regionCode: r.department_region,
        overdue: 0,
        atRisk: 0,
        entries: [],
      };
      departments.set(r.department_id, department);
    }
    const status = r.is_late ? 'overdue' : 'at_risk';
    if (status === 'overdue') department.overdue++;
    else department.atRisk++;
    const entry: DailyScanEntry = {
      applicationId: Number(r.id),
      number: r.number,
      itemCode: r.item_code,
      itemName: r.item_name,
      applicantName: maskName(r.applicant_name),
      state: r.state,
      stateLabel: definitionOf(r.definition_key, r.definition_version).states[r.state]!.label,
      deadlineAt: new Date(r.deadline_at).toISOString(),
      workingDaysLeft: workingDaysBetween(date, localDateOf(new Date(r.deadline_at))),
      status,
    };
    department.entries.push(entry);
  }
  const list = [...departments.values()]
    .map((d) => ({
      ...d,
      // Overdue first (most late first: rows come by deadline), then at risk, soonest first.
      entries: [
        ...d.entries.filter((e) => e.status === 'overdue'),
        ...d.entries.filter((e) => e.status === 'at_risk'),
      ].slice(0, ENTRIES_PER_DEPARTMENT),
    }))
    .sort(
      (a, b) => b.overdue - a.overdue || b.atRisk - a.atRisk || a.departmentId - b.departmentId,
    );
  return {
    date,
    atRiskDays,
    overdue: list.reduce((n, d) => n + d.overdue, 0),
    atRisk: list.reduce((n, d) => n + d.atRisk, 0),
    departments: list,
  };
}
