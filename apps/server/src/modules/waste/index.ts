// Construction-waste supervision (建筑渣土): the registry (companies, trucks, drivers, sites,
// disposal sites, routes, disposal approvals), manifests (联单) on the workflow engine, and
// statistics. This file is the module's only public face.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/http/context.ts';
import { registerPeriodicJob } from '../../platform/scheduler/index.ts';
import './waste-permissions.ts';
import './manifests/manifest-workflow.ts';
import './demo/waste-demo-seeder.ts';
import { escalateDiscrepancies } from './manifests/discrepancy.ts';
import { registerManifestRoutes } from './manifests/manifest-routes.ts';
import { registerApprovalRoutes } from './registry/approval-routes.ts';
import { registerRegistryRoutes } from './registry/registry-routes.ts';
import { registerStatisticsRoutes } from './statistics/statistics-routes.ts';

/** Registers the registry, approvals, manifests and statistics routes and the module's jobs. */
export function registerWaste(app: FastifyInstance, ctx: AppContext) {
  registerRegistryRoutes(app, ctx);
  registerApprovalRoutes(app, ctx);
  registerManifestRoutes(app, ctx);
  registerStatisticsRoutes(app, ctx);
  // Unresolved discrepancies go to the regulator after the configured days.
  registerPeriodicJob({
    name: 'waste.discrepancy-escalation',
    intervalSeconds: 3600,
    run: async (db) => {
      await escalateDiscrepancies(db);
    },
  });
}

export { actOnManifest } from './manifests/manifest-actions.ts';
export { linkTruckVehicle } from './registry/trucks.ts';
export { MANIFEST_SUBJECT } from './manifests/manifest-workflow.ts';
export {
  findTruckByPlate,
  findTruckByTerminalPhone,
  getManifestAllowances,
  listOpenManifestsOfTruck,
  listWasteFences,
  listWatchedTrucks,
} from './manifests/manifest-watch.ts';
export type {
  AllowedDisposalSite,
  AllowedRoute,
  ManifestAllowances,
  OpenManifest,
  WasteFence,
  WatchedTruck,
} from './manifests/manifest-watch.ts';
