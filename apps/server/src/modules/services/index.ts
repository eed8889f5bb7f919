// The services module (一网通办), its public face. This slice: the service catalogue (办事指南)
// with search, administration, import/export and the demo catalogue. Applications, licences,
// bundles and ratings build on it.
import type { FastifyInstance } from 'fastify';
import { grantPermissions } from '../../platform/auth/permissions.ts';
import { registerDemoSeeder } from '../../demo/index.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { MANAGE_CATALOGUE } from './catalogue/catalogue-service.ts';
import { registerCatalogueRoutes } from './routes/catalogue-routes.ts';
import { registerCatalogueAdminRoutes } from './routes/catalogue-admin-routes.ts';
import { seedServiceCatalogue } from './demo/seed-catalogue.ts';
import { seedDemoBundles } from './demo/seed-bundles.ts';
import { seedDemoApplications } from './demo/seed-applications.ts';
import { seedLargeApplications } from './demo/large-applications.ts';
import { runIndicatorRollup } from './indicators/index.ts';
import { registerApplications } from './applications/index.ts';
import { registerBundleRoutes } from './bundles/index.ts';
import { registerIndicatorRoutes } from './indicators/index.ts';

grantPermissions({ admin: [MANAGE_CATALOGUE] });

// The demo city's service catalogue, once the departments exist (the core seed loads them).
registerDemoSeeder('services-catalogue', async (seed) => {
  const report = await seedServiceCatalogue(seed.ctx);
  seed.log(
    `service catalogue: ${report.created} items created, ${report.existing} already there` +
      (report.missingDepartments.length
        ? `; no department for ${report.missingDepartments.join(', ')}`
        : ''),
  );
});

// The 一件事一次办 bundles over the catalogue's items (the items they add to an older catalogue first).
registerDemoSeeder(
  'services-bundles',
  async (seed) => {
    await seedServiceCatalogue(seed.ctx);
    const report = await seedDemoBundles(seed.ctx);
    seed.log(
      `bundles: ${report.saved.length} saved` +
        (Object.keys(report.incomplete).length
          ? `; left out for missing items: ${JSON.stringify(report.incomplete)}`
          : ''),
    );
  },
  { dependsOn: ['services-catalogue'] },
);

// A history of applications so the workbench, indicators and daily scan have data on first
// start; at the large scale, millions of generated rows for the benchmarks.
registerDemoSeeder(
  'services-applications',
  async (seed) => {
    if (seed.scale === 'large') {
      await seedLargeApplications(seed);
      return;
    }
    const report = await seedDemoApplications(seed);
    await runIndicatorRollup(seed.ctx.db);
    seed.log(
      `applications: ${report.applications} (${JSON.stringify(report.byState)}), ${report.ratings} ratings, ` +
        `${report.bundles} bundle applications, ${report.skipped} skipped, in ${report.seconds.toFixed(1)} s`,
    );
  },
  { dependsOn: ['services-bundles'] },
);

/** Registers the catalogue's public and admin routes. */
export async function registerServicesModule(app: FastifyInstance, ctx: AppContext): Promise<void> {
  registerCatalogueRoutes(app, ctx);
  await registerCatalogueAdminRoutes(app, ctx);
  registerApplications(app, ctx);
  registerBundleRoutes(app, ctx);
  registerIndicatorRoutes(app, ctx);
}

export {
  MANAGE_CATALOGUE,
  createItem as createServiceItem,
} from './catalogue/catalogue-service.ts';
export { findItemByAnyCode as findServiceItem } from './catalogue/catalogue-service.ts';
export type { StoredItem as StoredServiceItem } from './catalogue/item-repository.ts';
export type { ItemGuide as ServiceItemGuide } from './catalogue/item-guide.ts';
export { parseImplementationCode, parseBasicCode } from './catalogue/item-codes.ts';
export { seedServiceCatalogue, type CatalogueSeedReport } from './demo/seed-catalogue.ts';
export { generateApplications, LARGE_APPLICATIONS } from './demo/large-applications.ts';
export { runIndicatorRollup, SUPERVISE_SERVICES } from './indicators/index.ts';
export { APPLICATION_SUBJECT, findApplication, isApplicantOf } from './applications/index.ts';
