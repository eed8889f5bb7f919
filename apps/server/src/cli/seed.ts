// `npm run seed`: loads the demo city (or, with --scale large, a million-person city for
// benchmarks, resumable, with a progress bar). `npm run seed -- --disable-demo` disables every
// demo account; `--org-only` loads just the real divisions and the departments.
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig, ConfigError } from '../platform/config.ts';
import { openPlatform } from '../platform/bootstrap.ts';
import { DataDirLockedError } from '../platform/db/lock.ts';
import { MissingKeyError } from '../platform/crypto/personal-data.ts';
import { disableDemoAccounts } from '../platform/people/index.ts';
import { loadDepartments, loadDivisions } from '../platform/org/index.ts';
import { LARGE_PERSONS, seedDemoCity, type ProgressReporter } from '../demo/index.ts';
import '../modules/index.ts'; // modules register their demo seeders when imported

const usage = `Usage: npm run seed -- [options]
  --scale demo|large     demo (default): the demo city; large: + ${LARGE_PERSONS.toLocaleString('en')} persons and
                         the modules' large data sets, resumable (rerun to continue)
  --persons N            persons added by the large scale (default ${LARGE_PERSONS})
  --batch-size N         rows per INSERT (default 1000)
  --concurrency N        batches written at once on PostgreSQL (default 2)
  --disable-demo         disable every demo account (needed before NODE_ENV=production)
  --org-only             load only the divisions and departments (no demo data)
  -h, --help`;

function readInt(value: string | undefined, name: string, fallback: number, min: number) {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min)
    throw new ConfigError(`--${name} must be an integer ≥ ${min}`);
  return n;
}

const barReporter: ProgressReporter = {
  start(label, total, done) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(10)} [{bar}] {percentage}% | {value}/{total} | {rate} rows/s | ETA {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 50,
        // Without a terminal (CI logs), a line every ten seconds.
        noTTYOutput: true,
        notTTYSchedule: 10_000,
      },
      cliProgress.Presets.shades_classic,
    );
    const started = performance.now();
    bar.start(total, done, { rate: 0 });
    return {
      update(n) {
        const seconds = (performance.now() - started) / 1000;
        bar.update(n, { rate: seconds > 0 ? Math.round((n - done) / seconds) : 0 });
      },
      stop: () => bar.stop(),
    };
  },
};

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'demo' },
      persons: { type: 'string' },
      'batch-size': { type: 'string' },
      concurrency: { type: 'string' },
      'disable-demo': { type: 'boolean', default: false },
      'org-only': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  if (values.scale !== 'demo' && values.scale !== 'large') {
    throw new ConfigError('--scale must be demo or large');
  }
  const base = loadConfig();
  const isSeeding = !values['disable-demo'] && !values['org-only'];
  if (isSeeding && base.nodeEnv === 'production') {
    throw new ConfigError('refusing to load demo accounts with NODE_ENV=production');
  }
  // Seeding is an explicit request for demo data, so demo mode (a key file in DATA_DIR when
  // CITYGOV_DATA_KEY is not set) applies even on PostgreSQL.
  const config = isSeeding ? { ...base, isDemo: true } : base;
  const platform = await openPlatform(config, { poolSize: 4 });
  const { ctx } = platform;
  const controller = new AbortController();
  process.once('SIGINT', () => {
    console.log('\nstopping after the current batch; rerun to continue');
    controller.abort();
  });
  try {
    if (values['disable-demo']) {
      const count = await disableDemoAccounts(ctx.db);
      console.log(`disabled ${count} demo account(s); demo API keys revoked`);
      return;
    }
    if (values['org-only']) {
      const divisions = await loadDivisions(ctx.db);
      const departments = await loadDepartments(ctx.db);
      console.log(`divisions: ${divisions}, departments: ${departments}`);
      return;
    }
    const report = await seedDemoCity(ctx, {
      scale: values.scale,
      largePersons: readInt(values.persons, 'persons', LARGE_PERSONS, 1),
      batchSize: readInt(values['batch-size'], 'batch-size', 1000, 1),
      ...(values.concurrency && { concurrency: readInt(values.concurrency, 'concurrency', 2, 1) }),
      progress: barReporter,
      signal: controller.signal,
      log: (message) => console.log(message),
    });
    if (!report.isCoreSeeded) console.log('the demo city was already loaded');
    if (report.large) {
      const { inserted, done, seconds, rowsPerSecond } = report.large;
      console.log(
        `persons (${ctx.dbKind}): ${inserted.toLocaleString('en')} inserted in ${seconds.toFixed(1)} s ` +
          `= ${rowsPerSecond.toLocaleString('en')} rows/s; ${done.toLocaleString('en')} done in all`,
      );
    }
  } finally {
    await platform.close();
  }
}

try {
  await main();
} catch (error) {
  if (error instanceof Error && error.name === 'AbortError') {
    console.log('stopped; progress is saved');
    process.exit(130);
  }
  if (
    error instanceof ConfigError ||
    error instanceof DataDirLockedError ||
    error instanceof MissingKeyError
  ) {
    console.error(`seed: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
