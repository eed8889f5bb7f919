// Where things are, relative to this file, so the bench runs from any working directory.
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const serverMain = fileURLToPath(new URL('../../apps/server/src/main.ts', import.meta.url));
export const auditVerifyCli = fileURLToPath(
  new URL('../../apps/server/src/cli/audit-verify.ts', import.meta.url),
);
export const defaultResultsDir = fileURLToPath(new URL('../results/', import.meta.url));
