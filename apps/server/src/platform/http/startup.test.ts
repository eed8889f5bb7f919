import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import { openPlatform } from '../bootstrap.ts';
import { startServer, StartupRefusedError } from '../../server.ts';
import { testPasswordHash } from '../../test-support/harness.ts';

const mainScript = path.resolve(import.meta.dirname, '../../main.ts');
const dataKey = randomBytes(32).toString('base64');
const tempDirs: string[] = [];

function tempDataDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygov-startup-'));
  tempDirs.push(dir);
  return dir;
}

/** The environment of a server started by hand: no demo seed, so the first start is quick. */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    DEMO: 'false',
    CITYGOV_DATA_KEY: dataKey,
    LOG_LEVEL: 'warn',
    SCHEDULER: 'false',
    ...extra,
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  ms: number;
}

function startMain(env: NodeJS.ProcessEnv): { child: ChildProcess; exited: Promise<Exit> } {
  const started = Date.now();
  const child = spawn(process.execPath, [mainScript], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.resume();
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) =>
      resolve({ code, signal, stderr, ms: Date.now() - started }),
    ),
  );
  return { child, exited };
}

async function waitForHealth(port: number, exited: Promise<Exit>, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`the server exited early: ${(await exited).stderr}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return (await res.json()) as { status: string; database: string };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer from /api/health on port ${port} within ${timeoutMs} ms`);
}

/** Puts an enabled demo account into a fresh DATA_DIR. */
async function dataDirWithDemoAccount() {
  const dir = tempDataDir();
  const config = loadConfig(serverEnv({ DATA_DIR: dir, PORT: '0' }));
  const platform = await openPlatform(config);
  try {
    await platform.ctx.db
      .insertInto('divisions')
      .values({ code: '500000', name: '重庆市', level: 1, parent_code: null, lat: null, lon: null })
      .execute();
    await platform.ctx.db
      .insertInto('users')
      .values({
        username: 'citizen1',
        kind: 'citizen',
        display_name: '演示市民',
        password_hash: await testPasswordHash(),
        region_code: '500000',
        department_id: null,
        person_id: null,
        enterprise_id: null,
        is_demo: true,
      })
      .execute();
  } finally {
    await platform.close();
  }
  return dir;
}

describe('startup', () => {
  after(() => {
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses to start in production while a demo account is enabled, and starts once it is disabled', async () => {
    const dir = await dataDirWithDemoAccount();
    const config = loadConfig(
      serverEnv({ NODE_ENV: 'production', DATA_DIR: dir, PORT: '0', LOG_LEVEL: 'silent' }),
    );
    await assert.rejects(startServer(config), (error: Error) => {
      assert.ok(error instanceof StartupRefusedError, error.message);
      assert.match(error.message, /demo account "citizen1"/);
      return true;
    });
    // The refusal let go of the data directory; disabling the account lets the server start.
    const platform = await openPlatform(config);
    await platform.ctx.db.updateTable('users').set({ is_disabled: true }).execute();
    await platform.close();
    const server = await startServer(config);
    try {
      const res = await server.app.inject({ method: 'GET', url: '/api/health' });
      assert.equal(res.statusCode, 200);
    } finally {
      await server.stop();
    }
  });

  it('exits non-zero with a clear message when started in production with a demo account', async () => {
    const dir = await dataDirWithDemoAccount();
    const port = await freePort();
    const { exited } = startMain(
      serverEnv({ NODE_ENV: 'production', DATA_DIR: dir, PORT: String(port) }),
    );
    const exit = await exited;
    assert.notEqual(exit.code, 0);
    assert.match(exit.stderr, /CityGov cannot start: .*demo account "citizen1" is enabled/);
  });

  it('makes a second process on the same DATA_DIR exit at once, naming the lock', async () => {
    const dir = tempDataDir();
    const firstPort = await freePort();
    const first = startMain(serverEnv({ DATA_DIR: dir, PORT: String(firstPort) }));
    try {
      const health = await waitForHealth(firstPort, first.exited);
      assert.deepEqual([health.status, health.database], ['ok', 'pglite']);
      const second = startMain(serverEnv({ DATA_DIR: dir, PORT: String(await freePort()) }));
      const exit = await second.exited;
      assert.notEqual(exit.code, 0);
      assert.match(exit.stderr, /DATA_DIR .* is in use by another CityGov process \(pid \d+\)/);
      // "At once": well before the first one took to start (Node start-up included).
      assert.ok(exit.ms < 10_000, `took ${exit.ms} ms`);
      // The first server is unharmed.
      assert.equal((await fetch(`http://127.0.0.1:${firstPort}/api/health`)).status, 200);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    assert.equal(fs.existsSync(path.join(dir, 'citygov.lock')), false, 'lock left behind');
  });

  it('exits non-zero naming the variable when a configuration value is bad', async () => {
    for (const [name, value] of [
      ['PORT', 'abc'],
      ['RATE_LIMIT_PER_MINUTE', '-5'],
      ['DEMO', 'maybe'],
    ] as const) {
      const { exited } = startMain(serverEnv({ DATA_DIR: tempDataDir(), [name]: value }));
      const exit = await exited;
      assert.notEqual(exit.code, 0, name);
      assert.match(exit.stderr, new RegExp(`CityGov cannot start: ${name} must .*"${value}"`));
      assert.ok(!/\n\s+at /.test(exit.stderr), `${name}: a stack trace instead of a message`);
    }
  });
});
