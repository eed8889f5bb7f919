// The module's settings, read once from the environment and checked like the platform's.
import { ConfigError } from '../../platform/config.ts';

export interface CasesSettings {
  /** How far outside every grid a reported point may lie and still get the nearest grid. */
  gridToleranceM: number;
}

export const defaultGridToleranceM = 200;

/** Reads GRID_TOLERANCE_M (metres, 0–5000, default 200); throws ConfigError on a bad value. */
export function readCasesSettings(env: NodeJS.ProcessEnv = process.env): CasesSettings {
  const raw = env.GRID_TOLERANCE_M;
  if (raw === undefined || raw === '') return { gridToleranceM: defaultGridToleranceM };
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 5000) {
    throw new ConfigError(`GRID_TOLERANCE_M must be a number of metres in 0–5000, got "${raw}"`);
  }
  return { gridToleranceM: value };
}

let current: CasesSettings | undefined;

/** The settings in force (read from the environment on first use). */
export const casesSettings = (): CasesSettings => (current ??= readCasesSettings());
