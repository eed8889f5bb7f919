// Every domain module registers its routes here; each module's index.ts is its public face.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../platform/http/context.ts';
import { registerCalendarRoutes } from '../platform/calendar/calendar-routes.ts';
import { registerTasksRoutes } from './tasks/index.ts';
import { registerServicesModule } from './services/index.ts';
import { registerLicencesModule } from './licences/index.ts';
import { registerCases } from './cases/index.ts';
import { registerTelematics } from './telematics/index.ts';
import { registerRatingsModule } from './ratings/index.ts';
import { registerOpen311 } from './open311/index.ts';
import { registerWasteMonitoring } from './waste/monitoring/index.ts';
import { registerWaste } from './waste/index.ts';

export async function registerModules(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // modules are added here as they land
  registerCalendarRoutes(app, ctx); // the kernel's calendar (platform; no other hook for it)
  registerTasksRoutes(app, ctx);
  registerLicencesModule(app, ctx);
  await registerServicesModule(app, ctx);
  await registerCases(app, ctx);
  registerTelematics(app, ctx);
  registerRatingsModule(app, ctx);
  registerOpen311(app, ctx);
  registerWaste(app, ctx); // 建筑渣土 registry, approvals, manifests (联单), statistics
  registerWasteMonitoring(app, ctx); // 建筑渣土 position rules (part of the waste module)
}
