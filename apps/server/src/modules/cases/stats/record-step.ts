// What a case step leaves for supervision, in the step's transaction: the open flag on the case
// (the map and the live figures read it) and the step's share of the daily rollup. A new case's
// intake is counted by the intake statement itself (loop/intake-write.ts).
import type { Db } from '../../../platform/db/database.ts';
import type { Satisfaction } from '../loop/case-loop-tables.ts';
import { addToDailyStats, stepDelta, statsDb } from './daily-stats.ts';

/** States in which a case is no longer open. */
const notOpenStates: ReadonlySet<string> = new Set(['closed', 'evaluated', 'declined', 'merged']);

export const isOpenState = (state: string) => !notOpenStates.has(state);

export interface CaseStep {
  action: string;
  fromState: string;
  toState: string;
  instanceId: number;
  caseId: number;
  regionCode: string;
  /** The lead department after the step. */
  departmentId: number | null;
  at: Date;
  satisfaction?: Satisfaction;
}

export async function recordCaseStep(trx: Db, step: CaseStep): Promise<void> {
  const isOpen = isOpenState(step.toState);
  if (isOpenState(step.fromState) !== isOpen) {
    await statsDb(trx)
      .updateTable('cases')
      .set({ is_open: isOpen })
      .where('id', '=', step.caseId)
      .execute();
  }
  const delta = await stepDelta(trx, step);
  await addToDailyStats(trx, step.at, step.regionCode, step.departmentId, delta);
}
