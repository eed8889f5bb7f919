// The construction-waste part of the demo city (registered with the demo registry when the
// module loads): the registry and approvals, thirty days of manifests, declared outputs.
import { registerDemoSeeder } from '../../../demo/index.ts';
import { seedDemoManifests } from './demo-manifests.ts';
import { seedDemoRegistry, finishDemoApprovals } from './demo-registry.ts';

registerDemoSeeder('waste', async (seed) => {
  // The large scale adds no more waste data: the demo's sites and fleet are the simulator's.
  if (seed.scale === 'large') return;
  const now = new Date();
  const registry = await seedDemoRegistry(seed, now);
  const report = await seedDemoManifests(seed, registry, now);
  await finishDemoApprovals(seed, registry);
  seed.log(
    `construction waste: ${registry.sites.length} sites, ${registry.disposal.length} disposal sites, ` +
      `${registry.companies.reduce((n, c) => n + c.trucks.length, 0)} trucks, ${report.manifests} manifests ` +
      `(${report.blocked} refused by their approval)`,
  );
});
