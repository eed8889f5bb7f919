// Builds the web app when dist/ is missing or older than its sources (run by `npm start`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../web');
const built = path.join(root, 'dist', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const sources = [path.join(root, 'src'), path.join(root, '../../packages/contracts/src')];
const isStale = () =>
  !fs.existsSync(built) ||
  Math.max(...sources.map(newestMtime), fs.statSync(path.join(root, 'index.html')).mtimeMs) >
    fs.statSync(built).mtimeMs;

// Test files run in parallel and each may ask for a build: one builds while the others wait,
// so no server ever serves a dist/ that another build is rewriting.
const lock = path.join(root, '.build-lock');
const wait = new Int32Array(new SharedArrayBuffer(4));
const staleLockMs = 10 * 60_000;

function takeLock(): void {
  for (;;) {
    try {
      fs.mkdirSync(lock);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age =
        Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > staleLockMs) fs.rmSync(lock, { recursive: true, force: true });
      Atomics.wait(wait, 0, 0, 500);
    }
  }
}

if (isStale()) {
  takeLock();
  try {
    if (isStale()) {
      console.log('building the web app (apps/web) ...');
      execFileSync(
        process.execPath,
        [path.join(root, '../../node_modules/vite/bin/vite.js'), 'build', root],
        { stdio: 'inherit' },
      );
    }
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
