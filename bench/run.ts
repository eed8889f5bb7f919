// `npm run bench [-- --only <scenario>]`: measures pgbench on the PostgreSQL server as the
// reference, runs the scenarios against real CityGov servers, writes bench/results/.
import fs from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { CommandError } from './lib/commands.ts';
import { OptionError, readOptions } from './lib/options.ts';
import { defaultResultsDir } from './lib/paths.ts';
import { settleSeconds } from './lib/phases.ts';
import { readPostgresSettings } from './lib/postgres-admin.ts';
import { measurePgbench } from './lib/reference.ts';
import {
  judgeRow,
  renderMarkdown,
  type BenchReport,
  type Reference,
  type ScenarioOutcome,
  type ScenarioReport,
} from './lib/report.ts';
import { readGitState, readMachine, readVersions } from './lib/run-facts.ts';
import { scenarios } from './scenarios/index.ts';

const startedAt = performance.now();
const tpsText = (tps: number) => Math.round(tps).toLocaleString('en-US');
const log = (message: string) => {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(0).padStart(4);
  console.error(`[bench ${seconds}s] ${message}`);
};

async function main() {
  const options = readOptions(process.env, process.argv.slice(2), defaultResultsDir);
  const unknown = options.only.filter((name) => !scenarios.some((s) => s.name === name));
  if (unknown.length) {
    throw new OptionError(
      `unknown scenario ${unknown.join(', ')}; known: ${scenarios.map((s) => s.name).join(', ')}`,
    );
  }
  const selected = options.only.length
    ? scenarios.filter((s) => options.only.includes(s.name))
    : scenarios;

  const machine = readMachine();
  const date = new Date().toISOString();
  const git = await readGitState();
  const versions = await readVersions(options.adminUrl);
  const postgresSettings = await readPostgresSettings(options.adminUrl);
  log(
    `${machine.cpus} cores, load average ${machine.loadAverageAtStart.join(' ')}; PostgreSQL ${versions.postgres}`,
  );

  // pgbench runs before and after the scenarios: on a shared machine the background load
  // drifts, and the mean of the two brackets the scenarios better than either alone.
  const before = await measurePgbench(options.adminUrl, options.seconds, log);
  log(`pgbench: ${before.tps.toFixed(1)} tps`);

  const outcomes: ScenarioOutcome[] = [];
  for (const scenario of selected) {
    log(`scenario ${scenario.name}: ${scenario.description}`);
    outcomes.push(await scenario.run({ options, log }));
  }

  const after = options.isReferenceRepeated
    ? await measurePgbench(options.adminUrl, options.seconds, log)
    : null;
  if (after) log(`pgbench: ${after.tps.toFixed(1)} tps`);
  const reference: Reference = {
    tps: after ? (before.tps + after.tps) / 2 : before.tps,
    before,
    after,
  };
  const reports: ScenarioReport[] = outcomes.map((o) => ({
    ...o,
    rows: o.rows.map((row) => judgeRow(row, reference.tps)),
  }));
  const driftNotes =
    after && Math.abs(after.tps - before.tps) / reference.tps > 0.2
      ? [
          `pgbench gave ${tpsText(before.tps)} tps before and ${tpsText(after.tps)} tps after ` +
            'the scenarios: the machine was busier at one time than the other, so the ratios are rough.',
        ]
      : [];

  const report: BenchReport = {
    date,
    gitCommit: git.commit,
    isTreeDirty: git.isDirty,
    machine,
    versions,
    postgresSettings,
    settings: {
      seconds: options.seconds,
      warmupSeconds: options.warmupSeconds,
      concurrency: options.concurrency,
      tasks: options.tasks,
      targets: options.targets,
      scenarios: selected.map((s) => s.name),
    },
    reference,
    scenarios: reports,
    notes: [
      `The CityGov server (one Node.js process), PostgreSQL and the load generator all ran on ` +
        `the same ${machine.cpus} cores, as did pgbench's clients; the ratio compares like with like, ` +
        `absolute figures would be higher with the database on its own machine.`,
      `Peak: ${options.concurrency} keep-alive HTTP clients in a closed loop for ${options.seconds} s ` +
        `after ${options.warmupSeconds} s of warm-up. Latency: an open loop at half the peak rate for ` +
        `${options.seconds} s (after a ${settleSeconds} s pause and ${Math.min(2, options.seconds / 5)} s ` +
        'at that rate unrecorded), each request timed from its scheduled start.',
      ...driftNotes,
    ],
  };

  await fs.mkdir(options.resultsDir, { recursive: true });
  const jsonName = `${date.replace(/[:.]/g, '-')}.json`;
  await fs.writeFile(
    path.join(options.resultsDir, jsonName),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  const markdown = renderMarkdown(report, jsonName);
  await fs.writeFile(path.join(options.resultsDir, 'latest.md'), markdown);
  log(`wrote ${path.join(options.resultsDir, jsonName)} and latest.md`);
  console.log(markdown);
}

try {
  await main();
} catch (error) {
  if (error instanceof OptionError || error instanceof CommandError) {
    console.error(`bench: ${error.message}`);
    if (error instanceof CommandError && /pgbench is not installed/.test(error.message)) {
      console.error('Install it with: apt-get install -y postgresql-contrib');
    }
    process.exit(1);
  }
  throw error;
}
