// The reference figure: pgbench's simple TPC-B on the same server, in the same run, so the
// workflow's throughput can be stated as a ratio that travels between machines.
import { runCommand } from './commands.ts';
import { dropDatabase, recreateDatabase } from './postgres-admin.ts';

export interface ReferenceResult {
  tool: 'pgbench';
  command: string;
  version: string;
  scale: number;
  clients: number;
  threads: number;
  seconds: number;
  tps: number;
  latencyAverageMs: number | null;
}

// Named like the scenarios' databases (BENCH_DATABASE_PREFIX, target.ts).
const scratchDatabase = `${process.env.BENCH_DATABASE_PREFIX || 'citygov_bench'}_pgbench`;

/** Reads "tps = 1234.5 (without initial connection time)" and the average latency. */
export function parsePgbenchOutput(output: string): {
  tps: number;
  latencyAverageMs: number | null;
} {
  const tps = /^tps = ([\d.]+)/m.exec(output);
  if (!tps) throw new Error(`pgbench printed no tps line:\n${output}`);
  const latency = /^latency average = ([\d.]+) ms/m.exec(output);
  return { tps: Number(tps[1]), latencyAverageMs: latency ? Number(latency[1]) : null };
}

/** Initializes a scratch database at scale 10, runs TPC-B for `seconds`, and drops it. */
export async function measurePgbench(
  adminUrl: string,
  seconds: number,
  log: (message: string) => void,
): Promise<ReferenceResult> {
  const scale = 10;
  const clients = 4;
  const threads = 2;
  const { stdout: versionOut } = await runCommand('pgbench', ['--version']);
  const url = await recreateDatabase(adminUrl, scratchDatabase);
  try {
    log(`pgbench: initializing scale ${scale}`);
    await runCommand('pgbench', ['-i', '-q', '-s', String(scale), url]);
    const args = ['-c', String(clients), '-j', String(threads), '-T', String(Math.round(seconds))];
    log(`pgbench: ${args.join(' ')} (TPC-B)`);
    const { stdout } = await runCommand('pgbench', [...args, url]);
    const parsed = parsePgbenchOutput(stdout);
    return {
      tool: 'pgbench',
      command: `pgbench ${args.join(' ')}`,
      version: versionOut.trim(),
      scale,
      clients,
      threads,
      seconds: Math.round(seconds),
      ...parsed,
    };
  } finally {
    await dropDatabase(adminUrl, scratchDatabase);
  }
}
