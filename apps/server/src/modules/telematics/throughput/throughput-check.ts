// Throughput check (not a test): the vehicle simulator (a worker thread, real TCP) against the
// JT/T 808 gateway and the position pipeline, then count in = count stored.
//   node apps/server/src/modules/telematics/throughput/throughput-check.ts \
//     [--trucks 500] [--interval 0.05] [--duration 20] [--postgres postgres://...]
// Without --postgres it uses PGlite in memory; with it, a fresh database on that server.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { sql } from 'kysely';
import type { SimulationResult } from '@citygov/vehicle-sim';
import { openPGlite, openPostgres, type Database } from '../../../platform/db/database.ts';
import { migrate } from '../../../platform/db/migrate.ts';
import { Jt808Gateway } from '../jt808-gateway.ts';
import { ensurePartitionsAhead } from '../partitions.ts';
import { PositionPipeline } from '../position-pipeline.ts';
import { readTelematicsSettings } from '../settings.ts';
import { flushDuration } from '../telematics-metrics.ts';

const { values } = parseArgs({
  options: {
    trucks: { type: 'string', default: '500' },
    interval: { type: 'string', default: '0.05' },
    duration: { type: 'string', default: '20' },
    postgres: { type: 'string' },
    concurrency: { type: 'string' },
  },
});
const trucks = Number(values.trucks);
const intervalSeconds = Number(values.interval);
const durationSeconds = Number(values.duration);

const quiet = { debug() {}, info() {}, warn: console.warn, error: console.error };

async function openDatabase(): Promise<Database & { label: string }> {
  if (values.postgres === undefined) {
    return { ...(await openPGlite('memory://')), label: 'PGlite (in memory)' };
  }
  const name = `citygov_throughput_${process.pid}`;
  const admin = new pg.Client({ connectionString: values.postgres });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const version = (await admin.query<{ server_version: string }>('SHOW server_version')).rows[0]!;
  await admin.end();
  const url = new URL(values.postgres);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString(), 10);
  return {
    ...database,
    label: `PostgreSQL ${version.server_version}`,
    async close() {
      await database.close();
      const again = new pg.Client({ connectionString: values.postgres });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

const database = await openDatabase();
await migrate(database.db);
await ensurePartitionsAhead(database.db, Date.now());
const settings = {
  ...readTelematicsSettings({
    host: '127.0.0.1',
    isDemo: true,
    databaseKind: values.postgres === undefined ? 'pglite' : 'postgres',
  }),
  isAutoRegistration: true,
  jt808Host: '127.0.0.1',
};
if (values.concurrency !== undefined) settings.flushConcurrency = Number(values.concurrency);
const pipeline = new PositionPipeline(database.db, settings, quiet);
const gateway = new Jt808Gateway({
  db: database.db,
  pipeline,
  settings,
  log: quiet,
  host: '127.0.0.1',
  port: 0,
});
const { port } = await gateway.start();

console.log(
  `${trucks} trucks, a position every ${intervalSeconds} s each (${Math.round(trucks / intervalSeconds)}/s offered), ${durationSeconds} s, ${database.label}, ${os.cpus().length} CPUs`,
);
const cpuBefore = process.cpuUsage();
const result = await new Promise<SimulationResult>((resolve, reject) => {
  const worker = new Worker(new URL('./sim-worker.ts', import.meta.url), {
    workerData: {
      trucks,
      host: '127.0.0.1',
      port,
      intervalSeconds,
      durationSeconds,
      outageRate: 0.001,
      rampSeconds: Math.min(5, trucks / 200),
      fleetWaitSeconds: 300,
      drainSeconds: 30,
    },
  });
  worker.once('message', resolve);
  worker.once('error', reject);
});
await gateway.stop();
await pipeline.close();
const cpu = process.cpuUsage(cpuBefore);
const { n } = await database.db
  .selectFrom('vehicle_positions')
  .select(sql<number>`count(*)::int`.as('n'))
  .executeTakeFirstOrThrow();
const flushes = (await flushDuration.get()).values;
const flushCount =
  flushes.find((v) => v.metricName === 'citygov_telematics_flush_seconds_count')?.value ?? 0;
const flushSum =
  flushes.find((v) => v.metricName === 'citygov_telematics_flush_seconds_sum')?.value ?? 0;
await database.close();

const report = {
  database: database.label,
  trucks,
  offeredPerSecond: Math.round(trucks / intervalSeconds),
  reportingSeconds: Number(result.reportingSeconds.toFixed(1)),
  positionsSent: result.positionsSent,
  positionsAcked: result.positionsAcked,
  positionsStored: n,
  unanswered: result.unanswered,
  blindAreaPositions: result.blindAreaPositions,
  ackedPerSecond: Math.round(result.ackedPerSecond),
  isCountInEqualStored: result.positionsSent === n,
  fleetOnlineSeconds: result.fleetOnlineSeconds,
  flushConcurrency: settings.flushConcurrency,
  flushes: flushCount,
  meanRowsPerFlush: flushCount === 0 ? 0 : Math.round(n / flushCount),
  meanFlushMs: flushCount === 0 ? 0 : Number(((flushSum / flushCount) * 1000).toFixed(1)),
  mainThreadCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
  rssMB: Math.round(process.memoryUsage().rss / 1e6),
};
console.log(JSON.stringify(report, null, 2));
