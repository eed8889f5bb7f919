// The demo city: its public face for the server, the seed command and other modules' seeders.
export {
  DEMO_ENTERPRISES,
  DEMO_PERSONS,
  LARGE_PERSONS,
  SEEDED_KEY,
  isDemoSeeded,
  logProgress,
  seedDemoCity,
  type SeedOptions,
  type SeedReport,
} from './seed-demo-city.ts';
export {
  registerDemoSeeder,
  type DemoScale,
  type DemoSeedContext,
  type ProgressReporter,
} from './registry.ts';
export { type BatchPlan } from './batches.ts';
export { DEMO_PASSWORD } from './accounts.ts';
export { demoPerson, residentIdOf, LARGE_PERSON_BASE } from './persons.ts';
export { demoEnterprise } from './enterprises.ts';
export { districtPinyin, demoStaffSpecs } from './staff.ts';
export { randomFor, permute, type Random } from './random.ts';
export { type DemoPlaces, type DemoDistrict } from './places.ts';
