// Supervision of the service hall, part of the services module: indicators with their daily
// rollup, the daily scan (日扫描) and the morning job that tells reviewers.
import { grantPermissions } from '../../../platform/auth/permissions.ts';
import { registerPeriodicJob } from '../../../platform/scheduler/index.ts';
import { SUPERVISE_SERVICES } from './indicator-queries.ts';
import { runIndicatorRollup } from './indicator-rollup.ts';
import { runMorningScan } from './daily-scan-job.ts';

// Supervisors and leaders read them in their region's scope.
grantPermissions({ supervisor: [SUPERVISE_SERVICES], leader: [SUPERVISE_SERVICES] });

// Each finished day is counted once; the job catches up after a stop (the watermark says where).
registerPeriodicJob({
  name: 'services.indicators-rollup',
  intervalSeconds: 600,
  run: async (db) => {
    await runIndicatorRollup(db);
  },
});

// Ticks every ten minutes; runs once per working day, from 08:30.
registerPeriodicJob({
  name: 'services.daily-scan',
  intervalSeconds: 600,
  run: async (db) => {
    await runMorningScan(db);
  },
});

export { registerIndicatorRoutes } from './indicator-routes.ts';
export { queryIndicators, SUPERVISE_SERVICES } from './indicator-queries.ts';
export { runIndicatorRollup, resetIndicatorRollup, readRollupState } from './indicator-rollup.ts';
export { scanApplications, AT_RISK_DAYS_SETTING } from './daily-scan.ts';
export { runMorningScan } from './daily-scan-job.ts';
export { ensureWorkdays } from './workday-table.ts';
