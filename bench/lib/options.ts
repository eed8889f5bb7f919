// The benchmark's settings: environment variables for sizes and durations, argv for selection.
import path from 'node:path';

export type TargetDatabase = 'postgres' | 'pglite';

export interface BenchOptions {
  /** Admin connection to the PostgreSQL server; the bench creates and drops its own databases there. */
  adminUrl: string;
  /** Length of pgbench's run and of each measured phase. */
  seconds: number;
  warmupSeconds: number;
  /** Concurrent HTTP clients in the closed-loop (peak) phase. */
  concurrency: number;
  /** Workflow records the load is spread over. */
  tasks: number;
  targets: TargetDatabase[];
  /** Measure pgbench again after the scenarios (BENCH_PGBENCH_AFTER, default true). */
  isReferenceRepeated: boolean;
  /** Scenario names to run; empty means all. */
  only: string[];
  resultsDir: string;
}

export class OptionError extends Error {}

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) {
    throw new OptionError(`${name} must be a number of at least ${min}, got "${raw}"`);
  }
  return value;
}

function readTargets(raw: string | undefined): TargetDatabase[] {
  if (!raw) return ['postgres', 'pglite'];
  const names = raw.split(',').map((s) => s.trim());
  for (const n of names) {
    if (n !== 'postgres' && n !== 'pglite') {
      throw new OptionError(`BENCH_TARGETS lists postgres and/or pglite, got "${n}"`);
    }
  }
  return names as TargetDatabase[];
}

/**
 * Scenario names from `--only a,b`, `--only=a` or bare names. Bare names exist because the root
 * script (`npm run bench -w @citygov/bench`) has no trailing `--`, so npm swallows `--only`
 * given to `npm run bench -- --only x` but passes `npm run bench -- x` through.
 */
function readOnly(argv: readonly string[], envOnly: string | undefined): string[] {
  const only: string[] = envOnly ? envOnly.split(',') : [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--only') {
      const next = argv[++i];
      if (!next) throw new OptionError('--only needs a scenario name');
      only.push(...next.split(','));
    } else if (arg.startsWith('--only=')) {
      only.push(...arg.slice('--only='.length).split(','));
    } else if (/^[a-z][a-z0-9-]*$/.test(arg)) {
      only.push(arg);
    } else {
      throw new OptionError(`unknown argument "${arg}" (known: --only <scenario>[,<scenario>])`);
    }
  }
  return only.map((s) => s.trim()).filter(Boolean);
}

/** Reads the options; throws OptionError naming the bad variable or argument. */
export function readOptions(
  env: NodeJS.ProcessEnv,
  argv: readonly string[],
  defaultResultsDir: string,
): BenchOptions {
  return {
    adminUrl: env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    seconds: readNumber(env, 'BENCH_SECONDS', 15, 1),
    warmupSeconds: readNumber(env, 'BENCH_WARMUP_SECONDS', 5, 0),
    concurrency: Math.round(readNumber(env, 'BENCH_CONCURRENCY', 16, 1)),
    tasks: Math.round(readNumber(env, 'BENCH_TASKS', 200, 1)),
    targets: readTargets(env.BENCH_TARGETS),
    isReferenceRepeated: !['0', 'false', 'no'].includes(
      (env.BENCH_PGBENCH_AFTER ?? '').toLowerCase(),
    ),
    only: readOnly(argv, env.BENCH_ONLY),
    // npm runs the script in bench/; a relative directory means one relative to where npm was run.
    resultsDir: env.BENCH_RESULTS_DIR
      ? path.resolve(env.INIT_CWD || process.cwd(), env.BENCH_RESULTS_DIR)
      : defaultResultsDir,
  };
}
