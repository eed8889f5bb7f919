// Test support for the cases module: the app with the real organisation loaded and a small
// demo grid (cellsPerSide 6: about 36 grids per central district).
import { loadDepartments, loadDivisions } from '../../platform/org/index.ts';
import { createUser, startTestApp, type TestApp } from '../../test-support/harness.ts';
import { seedCityManagement, type SeedCityManagementResult } from './seed.ts';

export const TEST_GRID_SCALE = 6;

export interface CasesTestApp extends TestApp {
  seeded: SeedCityManagementResult;
}

/** The app over a fresh database with divisions, departments, grids, categories, components. */
export async function startCasesTestApp(kind: 'pglite' | 'postgres'): Promise<CasesTestApp> {
  const t = await startTestApp(kind);
  await loadDivisions(t.ctx.db);
  await loadDepartments(t.ctx.db);
  const seeded = await seedCityManagement(t.ctx, { gridScale: TEST_GRID_SCALE });
  await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] });
  await createUser(t.ctx, {
    username: 'admin.yuzhong',
    regionCode: '500103',
    roles: [{ role: 'admin' }],
  });
  await createUser(t.ctx, { username: 'inspector', roles: [{ role: 'inspector' }] });
  await createUser(t.ctx, { username: 'citizen1', kind: 'citizen', roles: [{ role: 'citizen' }] });
  return { ...t, seeded };
}
