import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { databaseKinds, startTestApp, type TestApp } from '../../test-support/harness.ts';
import { listRoutes, openApiPathOf, operationsOf } from '../../test-support/routes.ts';

const guardedPrefixes = ['/api/', '/open311/', '/metrics'];
// Served but left out of the document on purpose.
const undocumented = new Set(['GET /api/openapi.json', 'GET /metrics']);

/** Every "$ref" in the document, to check that each one resolves. */
function refsOf(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsOf(v, found));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') found.push(v);
      else refsOf(v, found);
    }
  }
  return found;
}

for (const kind of databaseKinds()) {
  describe(`API surface (${kind})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(kind);
    });
    after(() => t.close());

    it('answers an OpenAPI 3 document in which every operation has a summary and its permission', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
      assert.equal(res.statusCode, 200);
      const doc = res.json();
      assert.match(doc.openapi, /^3\.\d+\.\d+$/);
      assert.equal(typeof doc.info.title, 'string');
      assert.equal(typeof doc.info.version, 'string');
      const ops = operationsOf(doc);
      assert.ok(ops.length >= 5, `only ${ops.length} operations`);
      const problems: string[] = [];
      for (const op of ops) {
        const name = `${op.method} ${op.path}`;
        if (!op.summary?.trim()) problems.push(`${name}: no summary`);
        if (!op.permission) problems.push(`${name}: the description names no permission`);
        const raw = doc.paths[op.path][op.method.toLowerCase()];
        if (op.permission && op.permission !== 'public' && !raw.security?.length) {
          problems.push(`${name}: no security requirement`);
        }
        if (!raw.responses || Object.keys(raw.responses).length === 0) {
          problems.push(`${name}: no responses`);
        }
        for (const [, param] of op.path.matchAll(/\{([^}]+)\}/g)) {
          const declared = op.parameters.find((p) => p.in === 'path' && p.name === param);
          if (!declared?.required) problems.push(`${name}: path parameter ${param} not declared`);
        }
      }
      for (const ref of new Set(refsOf(doc))) {
        const target = ref
          .replace(/^#\//, '')
          .split('/')
          .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
        if (!ref.startsWith('#/') || target === undefined) problems.push(`unresolved $ref ${ref}`);
      }
      assert.deepEqual(problems, []);
    });

    it('documents every API route it serves', async () => {
      const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
      const documented = new Set(operationsOf(doc).map((op) => `${op.method} ${op.path}`));
      const missing = listRoutes(t.app)
        .filter((r) => guardedPrefixes.some((p) => r.url.startsWith(p)))
        .map((r) => `${r.method} ${openApiPathOf(r.url)}`)
        .filter((name) => !documented.has(name) && !undocumented.has(name));
      assert.deepEqual(missing, []);
    });

    it('shows the documentation as HTML at /docs', async () => {
      let res = await t.app.inject({ method: 'GET', url: '/docs' });
      for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 3; hops++) {
        const location = String(res.headers.location);
        res = await t.app.inject({
          method: 'GET',
          url: location.startsWith('/') ? location : `/docs/${location}`,
        });
      }
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.body, /swagger/i);
    });

    it('answers Prometheus text at /metrics with the request durations', async () => {
      await t.app.inject({ method: 'GET', url: '/api/health' });
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      assert.match(res.body, /^# TYPE citygov_http_request_duration_seconds histogram$/m);
      assert.match(
        res.body,
        /^citygov_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} [1-9]/m,
      );
      assert.match(res.body, /^process_cpu_seconds_total /m);
    });

    it('answers /api/health with the status and the database kind', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/health' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().status, 'ok');
      assert.equal(res.json().database, kind);
    });
  });
}
