// Starts the real CityGov server in a child process, so the load generator and the server do
// not share an event loop, and waits until it answers /api/health.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { readProcessCpuSeconds } from './cpu.ts';
import { repoRoot, serverMain } from './paths.ts';

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  /** CPU seconds the server process has used so far. */
  readCpuSeconds(): number | null;
  /** The last few kilobytes the server wrote to stdout and stderr (warnings, errors). */
  readOutput(): string;
  stop(): Promise<void>;
}

/** A fresh 32-byte personal-data key, as CITYGOV_DATA_KEY expects. */
export const generateDataKey = () => randomBytes(32).toString('base64');

/** A TCP port that was free a moment ago. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The environment of a server for the benchmark: the caller's settings over the parent's
 * environment, with database settings the caller did not give removed (so a DATABASE_URL in
 * the shell cannot turn a PGlite run into a PostgreSQL one).
 */
export function buildServerEnv(
  parent: NodeJS.ProcessEnv,
  settings: Record<string, string>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const name of ['DATABASE_URL', 'DATA_DIR', 'DEMO', 'CITYGOV_DATA_KEY', 'PORT', 'HOST']) {
    delete env[name];
  }
  return {
    ...env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    SCHEDULER: 'true',
    // One client address sends everything; the per-IP limit would otherwise cap the run (at
    // 1,000,000 a minute the authenticated-read baseline hit it on a fast host: 429s counted).
    RATE_LIMIT_PER_MINUTE: '1000000000',
    // No vehicle gateway: its fixed port would clash with a dev server or another bench server.
    JT808_ENABLED: 'false',
    ...settings,
  };
}

// node:http rather than undici here: a refused or reset connection while the server starts
// under heavy load escaped undici's promise as an uncaught exception now and then.
function isHealthy(baseUrl: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${baseUrl}/api/health`, { timeout: 2000, agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode === 200));
      res.once('error', () => resolve(false));
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
  });
}

/** Spawns `node apps/server/src/main.ts` with `settings` and resolves once it is healthy. */
export async function startServerProcess(
  settings: Record<string, string>,
  opts: { startTimeoutMs?: number } = {},
): Promise<ServerProcess> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = buildServerEnv(process.env, { ...settings, HOST: '127.0.0.1', PORT: String(port) });
  // process.execPath is the Node that runs the bench (Node 24 under npm run bench).
  // BENCH_SERVER_NODE_ARGS: flags for the server's Node only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, serverMain], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // BENCH_SERVER_LOG: a file to which everything the server writes is appended as well (for
  // flags such as --trace-gc, whose output would otherwise be cut to the last few kilobytes).
  const logFile = process.env.BENCH_SERVER_LOG;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8000);
    if (logFile) appendFileSync(logFile, chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitCode = code ?? (signal ? -1 : null);
      resolve();
    });
  });

  const deadline = Date.now() + (opts.startTimeoutMs ?? 120_000);
  while (!(await isHealthy(baseUrl))) {
    if (exitCode !== undefined) {
      throw new Error(`the server exited with code ${exitCode} before it was ready:\n${output}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer /api/health in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  return {
    baseUrl,
    pid: child.pid!,
    readCpuSeconds: () => readProcessCpuSeconds(child.pid!),
    readOutput: () => output,
    async stop() {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
