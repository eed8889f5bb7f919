// The case loop's settings (configurable, DOMAIN.md): duplicate radius and window, indicator
// weights. Read once from the environment; a bad value stops the start with a clear message.
import { ConfigError } from '../../../platform/config.ts';

export interface CaseLoopSettings {
  /** An open case of the same minor class this near is offered instead of a new one. */
  duplicateRadiusM: number;
  /** ... if it was reported within this many hours. */
  duplicateWindowHours: number;
  /**
   * Composite score weights (they need not add up to 1: they are normalised); the defaults
   * until an administrator stores others (PUT /api/cases/indicators/weights).
   */
  scoreWeights: Record<
    'closureRate' | 'onTimeRate' | 'reworkRate' | 'extensionRate' | 'satisfaction',
    number
  >;
}

const numberFrom = (env: NodeJS.ProcessEnv, name: string, fallback: number, max: number) => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) {
    throw new ConfigError(`${name} must be a number in (0, ${max}], got "${raw}"`);
  }
  return value;
};

const defaultWeights = {
  closureRate: 0.25,
  onTimeRate: 0.3,
  reworkRate: 0.15,
  extensionRate: 0.1,
  satisfaction: 0.2,
};

/** Reads CASE_DUPLICATE_RADIUS_M (50), CASE_DUPLICATE_WINDOW_HOURS (72), CASE_SCORE_WEIGHTS. */
export function readCaseLoopSettings(env: NodeJS.ProcessEnv = process.env): CaseLoopSettings {
  let scoreWeights = defaultWeights;
  const raw = env.CASE_SCORE_WEIGHTS;
  if (raw) {
    // closureRate=0.25,onTimeRate=0.3,reworkRate=0.15,extensionRate=0.1,satisfaction=0.2
    const parsed: Record<string, number> = { ...defaultWeights };
    for (const part of raw.split(',')) {
      const [name, value] = part.split('=').map((s) => s.trim());
      if (
        !name ||
        !(name in defaultWeights) ||
        !Number.isFinite(Number(value)) ||
        Number(value) < 0
      ) {
        throw new ConfigError(
          `CASE_SCORE_WEIGHTS must look like closureRate=0.25,onTimeRate=0.3,reworkRate=0.15,extensionRate=0.1,satisfaction=0.2; got "${raw}"`,
        );
      }
      parsed[name] = Number(value);
    }
    scoreWeights = parsed as typeof defaultWeights;
  }
  return {
    duplicateRadiusM: numberFrom(env, 'CASE_DUPLICATE_RADIUS_M', 50, 5000),
    duplicateWindowHours: numberFrom(env, 'CASE_DUPLICATE_WINDOW_HOURS', 72, 24 * 90),
    scoreWeights,
  };
}

let current: CaseLoopSettings | undefined;

/** The settings in force (read on first use). */
export const caseLoopSettings = (): CaseLoopSettings => (current ??= readCaseLoopSettings());
