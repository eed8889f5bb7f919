// The daily rollup of the indicators (case_daily_stats). Each case step adds its share as a row
// of its own to case_stat_deltas inside the step's own transaction (insert only: concurrent
// steps never wait on a shared rollup row); foldStatDeltas moves them into the rollup in one
// statement, and the indicators read both, so they are always exactly the sum of the steps
// that committed.
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { localDateOf } from '../../../platform/calendar/index.ts';
import type { CaseLoopTables, Satisfaction } from '../loop/case-loop-tables.ts';

export const statsDb = (db: Db) => db.withTables<CaseLoopTables>();

/** The counters of one rollup row (all optional: a step adds to a few). */
export interface StatsDelta {
  intake?: number;
  filed?: number;
  closed?: number;
  closedExtended?: number;
  onTimeClosed?: number;
  reworked?: number;
  extensions?: number;
  handledCases?: number;
  handlingSeconds?: number;
  callbacks?: number;
  satisfied?: number;
  basicallySatisfied?: number;
  dissatisfied?: number;
}

export const statsColumns = {
  intake: 'intake',
  filed: 'filed',
  closed: 'closed',
  closedExtended: 'closed_extended',
  onTimeClosed: 'on_time_closed',
  reworked: 'reworked',
  extensions: 'extensions',
  handledCases: 'handled_cases',
  handlingSeconds: 'handling_seconds',
  callbacks: 'callbacks',
  satisfied: 'satisfied',
  basicallySatisfied: 'basically_satisfied',
  dissatisfied: 'dissatisfied',
} as const satisfies Record<keyof StatsDelta, string>;

/** The Beijing calendar day of an instant, YYYY-MM-DD (the calendar's: UTC+8, no DST). */
export const beijingDay = (at: Date) => localDateOf(at);

/** Midnight in Beijing at the start of a YYYY-MM-DD day. */
export const beijingMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);

/** Adds a step's counts to its day's figures (in the caller's transaction). */
export async function addToDailyStats(
  trx: Db,
  at: Date,
  regionCode: string,
  departmentId: number | null,
  delta: StatsDelta,
): Promise<void> {
  const entries = Object.entries(delta).filter(([, v]) => v) as Array<[keyof StatsDelta, number]>;
  if (!entries.length) return;
  const values: Record<string, unknown> = {
    day: beijingDay(at),
    region_code: regionCode,
    department_id: departmentId ?? 0,
  };
  for (const [key, value] of entries) values[statsColumns[key]] = Math.round(value);
  await statsDb(trx)
    .insertInto('case_stat_deltas')
    .values(values as never)
    .execute();
}

const counterColumns = Object.values(statsColumns);

// Deleting the deltas and adding them to the rollup in one statement: a reader sees them in
// one table or the other, never in both or neither.
const foldSql = `WITH moved AS (DELETE FROM case_stat_deltas RETURNING *)
  INSERT INTO case_daily_stats AS s (day, region_code, department_id, ${counterColumns.join(', ')})
  SELECT day, region_code, department_id, ${counterColumns.map((c) => `sum(${c})`).join(', ')}
  FROM moved GROUP BY day, region_code, department_id
  ON CONFLICT (day, region_code, department_id) DO UPDATE SET
  ${counterColumns.map((c) => `${c} = s.${c} + excluded.${c}`).join(', ')}`;

/** Moves the steps' counts into the daily rollup; answers how many rollup rows it touched. */
export async function foldStatDeltas(db: Db): Promise<number> {
  const result = await sql.raw(foldSql).execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export interface HistoryStep {
  action: string;
  to_state: string;
  at: Date;
  state_deadline_at: Date | null;
}

/** What a closure contributes, from the case's steps up to and including the closure. */
export interface ClosureFacts {
  isExtended: boolean;
  isOnTime: boolean;
  isReworked: boolean;
  /** First dispatch → last handling report, or null when either is missing. */
  handlingSeconds: number | null;
}

const handlingStates = new Set(['handling', 'extended']);

/**
 * On time: every handling report came by the handling deadline in force when it was made (the
 * deadline set on entering handling, or the extended one). Steps must be in order.
 */
export function closureFactsOf(steps: readonly HistoryStep[]): ClosureFacts {
  let deadline: Date | null = null;
  let isLate = false;
  let isExtended = false;
  let isReworked = false;
  let firstDispatch: Date | null = null;
  let lastHandle: Date | null = null;
  for (const step of steps) {
    if (step.action === 'handle') {
      if (deadline && step.at.getTime() > deadline.getTime()) isLate = true;
      lastHandle = step.at;
    }
    if (step.action === 'dispatch' && !firstDispatch) firstDispatch = step.at;
    if (step.action === 'approve_extension') isExtended = true;
    if (step.action === 'verify_fail') isReworked = true;
    // Each step records the deadline in force after it: entering handling (dispatch, rework,
    // reopening, extension) sets a new one, steps that stay in handling keep it.
    if (handlingStates.has(step.to_state)) deadline = step.state_deadline_at;
  }
  return {
    isExtended,
    isOnTime: !isLate,
    isReworked,
    handlingSeconds:
      firstDispatch && lastHandle && lastHandle >= firstDispatch
        ? Math.round((lastHandle.getTime() - firstDispatch.getTime()) / 1000)
        : null,
  };
}

/** The counts a closure adds. */
export function closureDelta(facts: ClosureFacts): StatsDelta {
  return {
    closed: 1,
    closedExtended: facts.isExtended ? 1 : 0,
    onTimeClosed: !facts.isExtended && facts.isOnTime ? 1 : 0,
    reworked: facts.isReworked ? 1 : 0,
    handledCases: facts.handlingSeconds === null ? 0 : 1,
    handlingSeconds: facts.handlingSeconds ?? 0,
  };
}

export const satisfactionDelta = (s: Satisfaction): StatsDelta => ({
  callbacks: 1,
  satisfied: s === 'satisfied' ? 1 : 0,
  basicallySatisfied: s === 'basically_satisfied' ? 1 : 0,
  dissatisfied: s === 'dissatisfied' ? 1 : 0,
});

/** The instance's steps in order (for the closure facts). */
export async function historyOf(trx: Db, instanceId: number): Promise<HistoryStep[]> {
  const rows = await trx
    .selectFrom('workflow_history')
    .select(['action', 'to_state', 'at', 'state_deadline_at'])
    .where('instance_id', '=', instanceId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    action: r.action,
    to_state: r.to_state,
    at: new Date(r.at),
    state_deadline_at: r.state_deadline_at ? new Date(r.state_deadline_at) : null,
  }));
}

/** The counts one step of a case adds (the steps that no indicator counts add nothing). */
export async function stepDelta(
  trx: Db,
  step: { action: string; instanceId: number; satisfaction?: Satisfaction },
): Promise<StatsDelta> {
  switch (step.action) {
    case 'file':
      return { filed: 1 };
    case 'close':
      return closureDelta(closureFactsOf(await historyOf(trx, step.instanceId)));
    case 'approve_extension':
      return { extensions: 1 };
    case 'callback':
      return satisfactionDelta(step.satisfaction ?? 'satisfied');
    case 'reopen':
      // A dissatisfied reporter whose case is reopened counts as a dissatisfied call back.
      return satisfactionDelta('dissatisfied');
    default:
      return {};
  }
}
