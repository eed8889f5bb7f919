// City management (一网统管), first slice: unit grids and point → grid lookup, the component
// and event classification with responsible departments and time limits, the component
// inventory. The case loop builds on these through the functions exported here.
import type { FastifyInstance } from 'fastify';
import { grantPermissions, staffRoles } from '../../platform/auth/permissions.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { COMPONENTS_READ } from './components.ts';
import { GRIDS_MANAGE } from './grid-import.ts';
import { registerDemoSeeder } from '../../demo/index.ts';
import { registerCasesRoutes } from './routes.ts';
import { casesSettings } from './settings.ts';
import { seedCityManagement } from './seed.ts';
import { registerCaseLoop } from './loop/index.ts';
import { seedDemoCases } from './demo/demo-cases.ts';
import { seedLargeCases } from './demo/large-cases.ts';

grantPermissions({ admin: [GRIDS_MANAGE, 'categories:manage'] });
grantPermissions(Object.fromEntries(staffRoles.map((role) => [role, [COMPONENTS_READ]])));

// The demo city's grids, classification and components; the large scale adds grids around
// the demo ones (codes are stable across scales).
registerDemoSeeder('cases-grids', async (seed) => {
  const result = await seedCityManagement(seed.ctx, {
    gridScale: seed.scale,
    onProgress: (message) => seed.log(message),
  });
  seed.log(
    `city management: ${result.categories} categories, ${result.gridsCreated} grids, ${result.componentsCreated} components added`,
  );
});

// Cases run through the loop over the last 60 days (demo); historical cases in bulk (large).
registerDemoSeeder(
  'cases-demo',
  async (seed) => {
    if (seed.scale === 'large') {
      await seedLargeCases(seed.ctx, (plan) => seed.runBatches(plan), { log: (m) => seed.log(m) });
      return;
    }
    const result = await seedDemoCases(seed.ctx, (stream, i) => seed.random(stream, i), {
      log: (m) => seed.log(m),
    });
    seed.log(`cases: ${result.cases} demo cases and ${result.duplicates} repeated reports`);
  },
  { dependsOn: ['cases-grids'] },
);

/** Registers the module's routes (and checks its settings: GRID_TOLERANCE_M). */
export async function registerCases(app: FastifyInstance, ctx: AppContext): Promise<void> {
  casesSettings();
  registerCasesRoutes(app, ctx);
  await registerCaseLoop(app, ctx);
}

export { seedCityManagement, gridScales, loadDistrictPlans } from './seed.ts';
export type { GridScale, SeedCityManagementOptions, SeedCityManagementResult } from './seed.ts';
export { lookupGrid, assertInsideCity, parseBbox } from './grids.ts';
export type { LookupOptions } from './grids.ts';
export { getGridIndex, invalidateGridIndex } from './grid-index.ts';
export {
  getCachedCategory,
  getCategory,
  listCategories,
  resolveResponsibleDepartment,
  type ResponsibleDepartment,
} from './categories.ts';
export { findComponent } from './components.ts';
export { resolveCaseRouting, type CaseRouting, type RoutingInput } from './routing.ts';
export { buildGridCode, parseGridCode, buildComponentId, parseComponentId } from './codes.ts';
export { distanceM, isInsideCity, cityBounds } from './geo.ts';
export {
  reportCase,
  endStates,
  buildCaseWorkflow,
  CASES_REPORT,
  selectCases,
  type CaseLoopTables,
} from './loop/index.ts';
/** Driving cases through the loop at chosen times (demo data of other modules, tests). */
export { caseDriver, principalOf, storeDemoPhoto, type CaseDriver } from './demo/case-driver.ts';
export { seedLargeCases, largeCaseCount } from './demo/large-cases.ts';
export { seedDemoCases } from './demo/demo-cases.ts';
