// Throws random requests at every operation of the OpenAPI document (found at run time, so
// routes added later are covered too) and expects no 5xx: bad input is always a 4xx.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import {
  createUser,
  databaseKinds,
  openSession,
  startTestApp,
  type TestApp,
} from '../../test-support/harness.ts';
import {
  fetchOpenApi,
  fillPath,
  operationsOf,
  type JsonSchema,
  type Operation,
} from '../../test-support/routes.ts';
import { staffRoles } from '../auth/permissions.ts';
import {
  junk,
  junkScalar,
  malformedJson,
  mutantOf,
  validOf,
} from '../../test-support/schema-arbitrary.ts';

interface FuzzRequest {
  url: string;
  payload: string | undefined;
  contentType: string | undefined;
}

// Requests the whole run may send per database kind; spread over the operations.
const REQUEST_BUDGET = 4000;

const junkPathParam = fc.oneof(
  fc.constantFrom(
    '非数字',
    '-1',
    '0',
    '1e309',
    '1.5',
    '9'.repeat(40),
    'x'.repeat(150),
    '%',
    '..',
    ' ',
    'null',
    '1;DROP TABLE users',
  ),
  fc.string({ minLength: 1, maxLength: 30 }),
);

const text = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

const multipartJunk = fc.constantFrom(
  '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nhi',
  '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na,b\r\n1,2\r\n--x--\r\n',
  '--x\r\nContent-Disposition: form-data; name="other"\r\n\r\n\u0000\r\n--x--\r\n',
  '--x--\r\n',
);

const otherBodies = fc.constantFrom(
  { payload: JSON.stringify({ a: 'x'.repeat(2 * 1024 * 1024) }), contentType: 'application/json' },
  { payload: '<a>1</a>', contentType: 'application/xml' },
  { payload: 'a=1&b[]=2', contentType: 'application/x-www-form-urlencoded' },
  { payload: undefined, contentType: 'application/json' },
  { payload: undefined, contentType: undefined },
);

function toUrl(path: string, params: Record<string, string>, query: Array<[string, string]>) {
  const search = new URLSearchParams(query);
  const qs = search.toString();
  return fillPath(path, (name) => params[name] ?? '1') + (qs ? `?${qs}` : '');
}

/** Requests that follow the document: they should mostly reach the handler. */
function wellFormedOf(op: Operation, doc: JsonSchema): fc.Arbitrary<FuzzRequest> {
  const params = fc.record(
    Object.fromEntries(
      op.parameters
        .filter((p) => p.in === 'path')
        .map((p) => [p.name, validOf(p.schema ?? {}, doc).map(text)]),
    ),
  );
  const query = fc.record(
    Object.fromEntries(
      op.parameters
        .filter((p) => p.in === 'query')
        .map((p) => [p.name, validOf(p.schema ?? {}, doc).map(text)]),
    ),
    { requiredKeys: [] },
  );
  const jsonSchema = op.bodies['application/json'];
  const body: fc.Arbitrary<Omit<FuzzRequest, 'url'>> = jsonSchema
    ? validOf(jsonSchema, doc).map((v) => ({
        payload: JSON.stringify(v) ?? 'null',
        contentType: 'application/json',
      }))
    : op.bodies['multipart/form-data']
      ? multipartJunk.map((payload) => ({
          payload,
          contentType: 'multipart/form-data; boundary=x',
        }))
      : fc.constant({ payload: undefined, contentType: undefined });
  return fc.tuple(params, query, body).map(([p, q, b]) => ({
    url: toUrl(
      op.path,
      p,
      Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined),
    ),
    ...b,
  }));
}

/** Requests that break the document: wrong types, unknown fields, odd ids, bad JSON. */
function hostileOf(op: Operation, doc: JsonSchema): fc.Arbitrary<FuzzRequest> {
  const params = fc.record(
    Object.fromEntries(
      op.parameters
        .filter((p) => p.in === 'path')
        .map((p) => [p.name, fc.oneof(validOf(p.schema ?? {}, doc).map(text), junkPathParam)]),
    ),
  );
  const names = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const query = fc.array(
    fc.tuple(
      names.length > 0
        ? fc.oneof(fc.constantFrom(...names), fc.string({ minLength: 1, maxLength: 10 }))
        : fc.string({ minLength: 1, maxLength: 10 }),
      junkScalar.map(text),
    ),
    { maxLength: 4 },
  );
  const jsonSchema = op.bodies['application/json'];
  const json = (v: fc.Arbitrary<unknown>) =>
    v.map((value) => ({
      payload: JSON.stringify(value) ?? 'null',
      contentType: 'application/json',
    }));
  const body: fc.Arbitrary<Omit<FuzzRequest, 'url'>> =
    op.method === 'GET'
      ? fc.constant({ payload: undefined, contentType: undefined })
      : fc.oneof(
          ...(jsonSchema ? [{ weight: 4, arbitrary: json(mutantOf(jsonSchema, doc)) }] : []),
          { weight: 2, arbitrary: json(junk) },
          {
            weight: 1,
            arbitrary: malformedJson.map((payload) => ({
              payload,
              contentType: 'application/json',
            })),
          },
          {
            weight: 1,
            arbitrary: multipartJunk.map((payload) => ({
              payload,
              contentType: 'multipart/form-data; boundary=x',
            })),
          },
          { weight: 1, arbitrary: otherBodies },
        );
  return fc.tuple(params, query, body).map(([p, q, b]) => ({ url: toUrl(op.path, p, q), ...b }));
}

const requestOf = (op: Operation, doc: JsonSchema) =>
  fc.oneof(wellFormedOf(op, doc), hostileOf(op, doc));

const ANSWER_TIMEOUT_MS = 5000;

/** Injects a request; a request left without an answer is a finding too, not a stalled run. */
async function answerWithin(app: FastifyInstance, options: InjectOptions, ms = ANSWER_TIMEOUT_MS) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([app.inject(options), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface FuzzReport {
  failures: string[];
  /** How often each status was answered. */
  statuses: Map<number, number>;
}

/** Runs `numRuns` random requests at each operation, as a user holding every staff role. */
async function fuzzOperations(
  t: TestApp,
  doc: JsonSchema,
  ops: Operation[],
  numRuns: number,
): Promise<FuzzReport> {
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  for (const op of ops) {
    // A fresh user per operation: a route may log out, disable or lock the caller.
    const userId = await createUser(t.ctx, {
      username: `fuzz-${randomUUID()}`,
      roles: staffRoles.map((role) => ({ role })),
    });
    const session = await openSession(t.ctx, userId);
    const details = await fc.check(
      fc.asyncProperty(requestOf(op, doc), async (req) => {
        const res = await answerWithin(t.app, {
          method: op.method,
          url: req.url,
          headers: {
            ...session.headers,
            ...(req.contentType && { 'content-type': req.contentType }),
          },
          ...(req.payload !== undefined && { payload: req.payload }),
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 500) throw new Error(`${res.statusCode} ${res.body.slice(0, 200)}`);
        if (res.statusCode >= 400 && op.path.startsWith('/api/')) {
          const body = res.json<{ code?: unknown; message?: unknown }>();
          if (typeof body.code !== 'string' || typeof body.message !== 'string') {
            throw new Error(`${res.statusCode} without the error shape: ${res.body.slice(0, 200)}`);
          }
        }
      }),
      { numRuns, endOnFailure: true },
    );
    if (details.failed) {
      const example = details.counterexample?.[0];
      failures.push(
        `${op.method} ${op.path}: ${String(details.errorInstance)}\n` +
          `  url ${example?.url.slice(0, 300)}\n` +
          `  ${example?.contentType} ${example?.payload?.slice(0, 300)}\n  (seed ${details.seed})`,
      );
    }
  }
  return { failures, statuses };
}

const summaryOf = (statuses: Map<number, number>) =>
  [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');

for (const kind of databaseKinds()) {
  describe(`random requests at every route (${kind})`, () => {
    let t: TestApp;
    let dataDir: string;
    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygov-fuzz-'));
      t = await startTestApp(kind, { rateLimitPerMinute: 1_000_000, dataDir });
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it(
      'answers no request with a 5xx, and every API error with the error shape',
      { timeout: 240_000 },
      async () => {
        const doc = await fetchOpenApi(t.app);
        const ops = operationsOf(doc);
        assert.ok(ops.length >= 5, `only ${ops.length} operations in the document`);
        const numRuns = Math.max(
          8,
          Math.min(60, Math.floor(REQUEST_BUDGET / ops.length / databaseKinds().length)),
        );
        const { failures, statuses } = await fuzzOperations(
          t,
          doc as unknown as JsonSchema,
          ops,
          numRuns,
        );
        assert.deepEqual(failures, [], `answers: ${summaryOf(statuses)}`);
        // The run reached the handlers, not only the validators.
        assert.ok(
          [...statuses.keys()].some((s) => s >= 200 && s < 300),
          `answers: ${summaryOf(statuses)}`,
        );
      },
    );
  });
}

describe('the random-request runner', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp(
      'pglite',
      { rateLimitPerMinute: 1_000_000 },
      {
        beforeReady: (app) => {
          app.post(
            '/api/test-probe/fragile',
            {
              config: { permission: 'org:read' },
              schema: {
                summary: 'probe: fails on a name with a digit in it',
                body: {
                  type: 'object',
                  properties: { name: { type: 'string', maxLength: 20 } },
                  required: ['name'],
                  additionalProperties: false,
                },
              },
            },
            async (request) => {
              if (/[0-9]/.test((request.body as { name: string }).name)) throw new Error('boom');
              return { ok: true };
            },
          );
        },
      },
    );
  });
  after(() => t.close());

  it('reports a route that answers 500 to some input', async () => {
    const doc = await fetchOpenApi(t.app);
    const ops = operationsOf(doc).filter((op) => op.path === '/api/test-probe/fragile');
    assert.equal(ops.length, 1);
    const { failures } = await fuzzOperations(t, doc as unknown as JsonSchema, ops, 300);
    assert.equal(failures.length, 1);
    assert.match(failures[0]!, /^POST \/api\/test-probe\/fragile: Error: 500 /);
  });
});
