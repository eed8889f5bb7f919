// End-to-end harness: the real server (node src/main.ts, demo city on PGlite) in a child
// process, Debian's Chromium through playwright-core, screenshots in test-results/e2e/, and
// steps that name the screen they failed on.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { after, before } from 'node:test';
import type { Me } from '@citygov/contracts';

const serverRoot = path.resolve(import.meta.dirname, '../..');
const repoRoot = path.resolve(serverRoot, '../..');
export const screenshotDir = path.join(repoRoot, 'test-results', 'e2e');

export const DEMO_PASSWORD = 'demo';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Builds apps/web when its dist/ is missing or older than its sources (as `npm start` does). */
export function ensureWebBuild() {
  const result = spawnSync(
    process.execPath,
    [path.join(serverRoot, 'src/cli/ensure-web-build.ts')],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) {
    throw new Error(`building the web app failed:\n${result.stdout}\n${result.stderr}`);
  }
}

export interface E2eServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts `node src/main.ts` in demo mode on a fresh DATA_DIR; resolves once /api/health answers. */
export async function startE2eServer(timeoutMs = 900_000): Promise<E2eServer> {
  ensureWebBuild();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygov-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(serverRoot, 'src/main.ts')], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      DEMO: 'true',
      JT808_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  serverOutput = () => output;
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  // Should the test process end abruptly, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off('exit', killOnExit);
    if (exitCode === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`the server exited (code ${exitCode}) before answering:\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return { baseUrl, stop };
    } catch {
      // not listening yet: the demo city is still loading
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`no answer from ${baseUrl}/api/health within ${timeoutMs} ms:\n${output}`);
}

/** The demo-city server and the browser a story file runs on. */
export interface StoryRig {
  server: E2eServer;
  browser: Browser;
}

/**
 * Hooks for a story file's describe block: before, the server (the demo city loads slowly on a
 * busy 2-core machine: it gets 15 minutes) and the browser start together; after, whichever of
 * them started is stopped, even when the other failed. The rig's fields are set once `before`
 * has run.
 */
export function useStoryRig(): StoryRig {
  const rig = {} as StoryRig;
  before(async () => {
    const [started, launched] = await Promise.allSettled([startE2eServer(), launchBrowser()]);
    if (started.status === 'fulfilled') rig.server = started.value;
    if (launched.status === 'fulfilled') rig.browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  });
  after(async () => {
    await (rig.browser as Browser | undefined)?.close();
    await (rig.server as E2eServer | undefined)?.stop();
  });
  return rig;
}

export function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `no Chromium at ${executablePath}: install the Debian packages chromium and fonts-noto-cjk ` +
        '(.ci/run does), or set CHROMIUM_PATH',
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export const desktop = { width: 1366, height: 860 };
export const phone = { width: 375, height: 812 };

/** A fresh browser profile (own cookies) in Chinese on the city's clock. */
export function newContext(browser: Browser, viewport = desktop): Promise<BrowserContext> {
  return browser.newContext({
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(viewport.width < 600 && { isMobile: true, hasTouch: true, deviceScaleFactor: 2 }),
  });
}

/** Waits for running CSS animations (drawers, dialogs, toasts sliding in) to finish. */
export async function settle(page: Page) {
  // A string, not a function: the server's type check has no DOM types.
  await page
    .evaluate(
      `Promise.race([
        Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))),
        new Promise((resolve) => setTimeout(resolve, 2000)),
      ])`,
    )
    .catch(() => undefined);
}

/** Whether the page is wider than the window (a phone user would have to scroll sideways). */
export function hasHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(
    'document.documentElement.scrollWidth > document.documentElement.clientWidth',
  );
}

/** The running server's latest output (warnings and errors: it logs at level warn). */
let serverOutput: () => string = () => '';

/** What the screen says went wrong: visible alerts, toasts and form errors. */
async function visibleComplaints(page: Page): Promise<string[]> {
  const texts = await page
    .locator('[role=alert], .ant-message-notice, .ant-form-item-explain-error')
    .filter({ visible: true })
    .allInnerTexts()
    .catch(() => []);
  return texts.map((t) => t.trim().replace(/\s+/g, ' ')).filter((t) => t !== '');
}

/**
 * One story: numbered screenshots, and steps whose failure names the screen, keeps a
 * screenshot of it, and reports what went wrong where a reader of the CI log can see it: the
 * page's uncaught errors, its API writes and failed calls, the alerts on the screen and the
 * server's warnings.
 */
export function createStory(name: string) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  let count = 0;
  const pageErrors = new Map<Page, string[]>();
  const apiCalls = new Map<Page, string[]>();
  const file = (label: string) =>
    path.join(screenshotDir, `${name}-${String(++count).padStart(2, '0')}-${label}.png`);

  return {
    /** Collects the page's uncaught exceptions, and its API writes and failed calls (the last ten). */
    watch(page: Page) {
      const errors: string[] = [];
      const calls: string[] = [];
      pageErrors.set(page, errors);
      apiCalls.set(page, calls);
      page.on('pageerror', (error) => errors.push(error.message));
      const keepCall = (call: string) => {
        calls.push(call);
        if (calls.length > 10) calls.shift();
      };
      page.on('requestfailed', (request) => {
        const url = new URL(request.url());
        if (!url.pathname.startsWith('/api/')) return;
        keepCall(
          `${request.method()} ${url.pathname} → ${request.failure()?.errorText ?? 'failed'}`,
        );
      });
      page.on('response', (response) => {
        const url = new URL(response.url());
        const method = response.request().method();
        if (!url.pathname.startsWith('/api/')) return;
        if (response.status() < 400 && method === 'GET') return;
        const call = `${method} ${url.pathname}${url.search} → ${response.status()}`;
        void response
          .text()
          .catch(() => '')
          .then((body) => keepCall(body ? `${call} ${body.slice(0, 300)}` : call));
      });
      return page;
    },
    async shot(page: Page, label: string) {
      await settle(page);
      await page.screenshot({ path: file(label), fullPage: true });
    },
    async step<T>(page: Page, screen: string, what: string, run: () => Promise<T>): Promise<T> {
      try {
        return await run();
      } catch (error) {
        await page
          .screenshot({ path: file(`FAILED-${screen.replace(/[\\/:*?"<>|\s]+/g, '_')}`) })
          .catch(() => undefined);
        const message = error instanceof Error ? error.message : String(error);
        const thrown = pageErrors.get(page)?.join('; ');
        const calls = apiCalls.get(page) ?? [];
        const complaints = await visibleComplaints(page);
        throw new Error(
          `[${name}] on screen "${screen}" (${page.url()}): ${what} failed: ${message}` +
            (thrown ? `\nthe page threw: ${thrown}` : '') +
            (calls.length > 0
              ? `\nits last API writes and failed calls:\n  ${calls.join('\n  ')}`
              : '') +
            (complaints.length > 0 ? `\nthe screen says: ${complaints.join(' | ')}` : '') +
            (serverOutput() ? `\nthe server's last words:\n${serverOutput().slice(-3_000)}` : ''),
          { cause: error },
        );
      }
    },
    errorsOf(page: Page) {
      return pageErrors.get(page) ?? [];
    },
  };
}

/** Logs in through the login page, as a person would. */
export async function loginThroughUi(page: Page, baseUrl: string, username: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.locator('form').getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** A cookie session for calling the API directly (setting up a story's data). */
export async function apiSession(baseUrl: string, username: string) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (!res.ok) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  const me = (await res.json()) as Me;
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const answer = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        cookie,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(method !== 'GET' && { 'x-csrf-token': me.csrfToken ?? '' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${method} ${url} as ${username}: ${answer.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    me,
    get: <T>(url: string) => call<T>('GET', url),
    post: <T>(url: string, body: unknown = {}) => call<T>('POST', url, body),
  };
}
