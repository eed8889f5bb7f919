// The case loop (受理 → 立案 → 派遣 → 处置 → 核查 → 结案 → 回访 → 评价, with 督办) on the
// kernel's workflow engine. Registered by the cases module's index.ts.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../../platform/http/context.ts';
import { grantPermissions, staffRoles } from '../../../platform/auth/permissions.ts';
import { registerFileAccess } from '../../../platform/files/index.ts';
import { findInstance } from '../../../platform/workflow/index.ts';
import {
  CASES_ACT,
  CASES_INDICATORS,
  CASES_LOOKUP_PHONE,
  CASES_READ,
  CASES_REPORT,
  canSeeCase,
} from './case-access.ts';
import { CASES_REPORT_FOR_CALLER } from './case-intake.ts';
import { CASE_FILE_OWNER } from './case-photos.ts';
import { registerCaseLoopRoutes } from './case-loop-routes.ts';
import { CASE_SUBJECT, registerKnownCaseWorkflows } from './case-workflow.ts';
import { caseLoopSettings } from './case-settings.ts';
import { CASES_CONFIGURE, registerCaseStatsRoutes } from '../stats/stats-routes.ts';
import { foldStatDeltas } from '../stats/daily-stats.ts';
import { registerPeriodicJob } from '../../../platform/scheduler/index.ts';

// Which action each role may take is the workflow's business; these open the doors.
grantPermissions(Object.fromEntries(staffRoles.map((role) => [role, [CASES_READ]])));
grantPermissions({
  citizen: [CASES_REPORT],
  inspector: [CASES_REPORT, CASES_ACT],
  grid_worker: [CASES_REPORT],
  calltaker: [CASES_REPORT, CASES_ACT, CASES_LOOKUP_PHONE, CASES_REPORT_FOR_CALLER],
  supervisor: [CASES_ACT, CASES_LOOKUP_PHONE, CASES_INDICATORS],
  dispatcher: [CASES_ACT],
  handler: [CASES_ACT],
  leader: [CASES_INDICATORS],
  admin: [CASES_INDICATORS, CASES_CONFIGURE],
});

// The steps' counts go into the daily rollup every few seconds (the indicators read the ones
// not folded yet as well, so this only keeps that remainder small).
registerPeriodicJob({
  name: 'cases.fold-stat-deltas',
  intervalSeconds: 10,
  run: async (db) => {
    await foldStatDeltas(db);
  },
});

/** Registers the case loop's routes, file access rule and the workflow variants in use. */
export async function registerCaseLoop(app: FastifyInstance, ctx: AppContext): Promise<void> {
  caseLoopSettings();
  await registerKnownCaseWorkflows(ctx.db);
  // A case's photos are visible to whoever may see the case.
  registerFileAccess(CASE_FILE_OWNER, async (principal, ownerId) => {
    const instance = await findInstance(ctx.db, { subjectType: CASE_SUBJECT, subjectId: ownerId });
    return (
      instance !== undefined && (await canSeeCase(ctx.db, principal, Number(ownerId), instance))
    );
  });
  // Static paths (/api/cases/indicators, /api/cases/stats/...) before /api/cases/:id.
  registerCaseStatsRoutes(app, ctx);
  registerCaseLoopRoutes(app, ctx);
}

export { reportCase, findNearbyOpenCases, type ReportOptions } from './case-intake.ts';
export { actOnCase } from './case-actions.ts';
export { listCases } from './case-queries.ts';
export {
  buildCaseWorkflow,
  caseWorkflowFor,
  caseWorkflowKey,
  CASE_SUBJECT,
  endStates,
} from './case-workflow.ts';
export { CASES_REPORT } from './case-access.ts';
export type { CaseLoopTables } from './case-loop-tables.ts';
/** Unscoped case rows: adapters apply their own, explicit scope (Open311's read scope). */
export { selectCases } from './case-repository.ts';
