// The citizen portal's first screen stays modest (issue 5): the script a phone must load before
// the home page shows — the entry chunk and every chunk it imports statically — is under
// 500 kB gzipped, and neither ECharts nor Leaflet is part of it (they live in lazy chunks).
// Measured on the Vite build output; the kernel e2e measures the same in a real browser.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebBuild } from './e2e-harness.ts';

const BUDGET = 500 * 1024;
const dist = path.resolve(import.meta.dirname, '../../../web/dist');

/** Strings found only in each library's code (a DOM class name, an instance attribute). */
const heavyLibraries = { Leaflet: 'leaflet-container', ECharts: '_echarts_instance_' } as const;

const read = (file: string) => fs.readFileSync(path.join(dist, file));

/** Chunks a chunk imports statically (`import … from "./x.js"`, `import "./x.js"`), not import(). */
function staticImportsOf(file: string): string[] {
  const code = read(file).toString('utf8');
  const found = new Set<string>();
  const pattern = /\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g;
  for (const m of code.matchAll(pattern)) {
    found.add(path.posix.join(path.posix.dirname(file), m[1]!));
  }
  return [...found];
}

/** The entry script of index.html, its modulepreloads, and everything they import statically. */
function firstScreenChunks(): string[] {
  const html = read('index.html').toString('utf8');
  const refs = [
    ...html.matchAll(/<script[^>]+type="module"[^>]+src="\/([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+)"/g),
  ].map((m) => m[1]!);
  assert.ok(refs.length > 0, 'index.html names no module script');
  const seen = new Set<string>();
  const queue = [...refs];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...staticImportsOf(file));
  }
  return [...seen];
}

describe('the portal first screen script budget', { timeout: 300_000 }, () => {
  it('loads under 500 kB of gzipped script without ECharts or Leaflet', (t) => {
    ensureWebBuild();
    const chunks = firstScreenChunks();
    const sizes = chunks.map((file) => ({ file, gzipped: gzipSync(read(file)).length }));
    const total = sizes.reduce((sum, s) => sum + s.gzipped, 0);
    t.diagnostic(
      `first screen: ${chunks.length} chunks, ${Math.round(total / 1024)} kB gzipped; largest: ` +
        [...sizes]
          .sort((a, b) => b.gzipped - a.gzipped)
          .slice(0, 3)
          .map((s) => `${path.basename(s.file)} ${Math.round(s.gzipped / 1024)} kB`)
          .join(', '),
    );
    assert.ok(total < BUDGET, `the first screen loads ${Math.round(total / 1024)} kB gzipped`);

    const assets = fs.readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
    for (const [library, marker] of Object.entries(heavyLibraries)) {
      const holders = assets.filter((f) => read(`assets/${f}`).includes(marker));
      // Without a holder the marker no longer identifies the library: the check would pass blindly.
      assert.ok(holders.length > 0, `no chunk contains ${library}'s marker "${marker}"`);
      const inFirst = chunks.filter((file) => holders.includes(path.basename(file)));
      assert.deepEqual(inFirst, [], `${library} is in the first screen's script`);
    }
  });
});
