// A CityGov server over a fresh database of the chosen kind: the database is created (or a
// temporary DATA_DIR made), the scenario's data seeded in-process while no server runs,
// then the server started in its own process. close() stops it and removes the database.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../apps/server/src/platform/config.ts';
import { openPlatform } from '../../apps/server/src/platform/bootstrap.ts';
import type { AppContext } from '../../apps/server/src/platform/http/context.ts';
import { runCommand } from './commands.ts';
import type { TargetDatabase } from './options.ts';
import { auditVerifyCli, repoRoot } from './paths.ts';
import { dropDatabase, listBackendPids, recreateDatabase } from './postgres-admin.ts';
import { snapshotProcessesCpu, type CpuSnapshot } from './cpu.ts';
import {
  buildServerEnv,
  generateDataKey,
  startServerProcess,
  type ServerProcess,
} from './server-process.ts';

export interface AuditCheck {
  isIntact: boolean;
  entries: number | null;
  message: string;
}

export interface Target {
  database: TargetDatabase;
  server: ServerProcess;
  /** CPU of the PostgreSQL backends serving the server; null for PGlite (it runs inside the server). */
  snapshotDatabaseCpu: (() => Promise<CpuSnapshot>) | null;
  /** Stops the server and runs `npm run audit:verify`'s check on what the run wrote. */
  stopAndVerifyAudit(): Promise<AuditCheck>;
  /** Stops the server (if running) and removes the database. */
  close(): Promise<void>;
}

const benchDatabase = 'citygov_bench';

/** Reads "audit ledger intact: 1234 entries on 16 chains". */
export function parseAuditVerifyOutput(output: string): { entries: number | null } {
  const match = /intact: (\d+) entries/.exec(output);
  return { entries: match ? Number(match[1]) : null };
}

export async function openTarget(
  database: TargetDatabase,
  adminUrl: string,
  seed: (ctx: AppContext) => Promise<void>,
  log: (message: string) => void,
  scenarioDatabase = benchDatabase,
  serverSettings: Record<string, string> = {},
): Promise<Target> {
  // BENCH_DATABASE_PREFIX renames the databases (citygov_bench_cases → <prefix>_cases), so two
  // runs on one PostgreSQL server do not recreate each other's.
  const prefix = process.env.BENCH_DATABASE_PREFIX;
  const name = prefix ? scenarioDatabase.replace(benchDatabase, prefix) : scenarioDatabase;
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
    throw new Error(`BENCH_DATABASE_PREFIX must be a plain lower-case name, got "${prefix}"`);
  }
  const dataKey = generateDataKey();
  let settings: Record<string, string>;
  let removeData: () => Promise<void>;
  if (database === 'postgres') {
    const url = await recreateDatabase(adminUrl, name);
    settings = { DATABASE_URL: url, DEMO: 'false', CITYGOV_DATA_KEY: dataKey };
    removeData = () => dropDatabase(adminUrl, name);
  } else {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citygov-bench-'));
    settings = { DATA_DIR: dir, DEMO: 'false', CITYGOV_DATA_KEY: dataKey };
    removeData = () => fs.rm(dir, { recursive: true, force: true });
  }
  const env = buildServerEnv(process.env, settings);
  let server: ServerProcess | undefined;
  try {
    log(`${database}: migrating and seeding`);
    const platform = await openPlatform(loadConfig(env), { poolSize: 2 });
    try {
      await seed(platform.ctx);
    } finally {
      await platform.close();
    }
    log(`${database}: starting the server`);
    server = await startServerProcess({ ...settings, ...serverSettings });
  } catch (error) {
    await removeData();
    throw error;
  }
  const running = server;
  return {
    database,
    server: running,
    snapshotDatabaseCpu:
      database === 'postgres'
        ? async () => snapshotProcessesCpu(await listBackendPids(adminUrl, name))
        : null,
    async stopAndVerifyAudit() {
      await running.stop();
      try {
        const { stdout } = await runCommand(process.execPath, [auditVerifyCli], {
          env,
          cwd: repoRoot,
        });
        return { isIntact: true, ...parseAuditVerifyOutput(stdout), message: stdout.trim() };
      } catch (error) {
        return { isIntact: false, entries: null, message: (error as Error).message };
      }
    },
    async close() {
      await running.stop();
      // BENCH_KEEP_DATABASE=true keeps a PostgreSQL target's database for a look afterwards.
      if (database === 'postgres' && process.env.BENCH_KEEP_DATABASE === 'true') {
        log(`${database}: kept database ${name} (BENCH_KEEP_DATABASE)`);
        return;
      }
      await removeData();
    },
  };
}
