import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import {
  createUser,
  databaseKinds,
  loginAs,
  openTestDatabase,
  seedTestOrg,
  testConfig,
  type Session,
  type TestDatabase,
} from '../../test-support/harness.ts';
import { createCipher } from '../crypto/personal-data.ts';
import type { AppContext } from '../http/context.ts';
import { buildApp } from '../../app.ts';
import { AppError } from '../errors.ts';
import { notify } from '../notify/notifier.ts';
import { purgeExpiredIdempotencyKeys } from './idempotency-store.ts';

/** Called by the handler on entry; resolves when the test lets it go on. */
type Gate = () => Promise<void>;

/** A creating route whose side effect (one notification per run) the tests count. */
function addCountingRoute(
  app: FastifyInstance,
  ctx: AppContext,
  gates: Map<string, Gate>,
  calls: Map<string, number>,
) {
  const failuresLeft = new Map<string, number>();
  app.post<{ Body: { name: string; failTimes?: number } }>(
    '/api/test-only/things',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'test only',
        body: {
          type: 'object',
          properties: { name: { type: 'string' }, failTimes: { type: 'integer' } },
          required: ['name'],
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const { name, failTimes } = request.body;
      if (failTimes !== undefined) {
        const left = failuresLeft.get(name) ?? failTimes;
        failuresLeft.set(name, left - 1);
        if (left > 0) throw new Error('simulated failure on our side');
      }
      await gates.get(name)?.();
      if (name.startsWith('refused')) {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        throw new AppError('state_conflict', 'refused by the domain');
      }
      const ids = await notify(ctx.db, {
        userIds: [request.principal.userId!],
        title: name,
        body: 'created',
        regionCode: '500000',
      });
      return reply.status(201).send({ name, runAt: Date.now(), recipients: ids });
    },
  );
}

for (const kind of databaseKinds()) {
  describe(`Idempotency-Key (${kind})`, () => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let ctx: AppContext;
    let alice: Session;
    let bob: Session;
    const gates = new Map<string, Gate>();
    const calls = new Map<string, number>();

    before(async () => {
      database = await openTestDatabase(kind);
      ctx = {
        config: testConfig(),
        db: database.db,
        dbKind: database.kind,
        cipher: createCipher(randomBytes(32)),
      };
      await seedTestOrg(ctx);
      app = await buildApp(ctx);
      addCountingRoute(app, ctx, gates, calls);
      await app.ready();
      await createUser(ctx, { username: 'alice', kind: 'citizen' });
      await createUser(ctx, { username: 'bob', kind: 'citizen' });
      alice = await loginAs(app, 'alice');
      bob = await loginAs(app, 'bob');
    });
    after(async () => {
      await app.close();
      await database.close();
    });

    const post = (s: Session, body: object, key?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/test-only/things',
        headers: { ...s.headers, ...(key !== undefined && { 'idempotency-key': key }) },
        payload: body,
      });

    const runs = async (name: string) => {
      const row = await ctx.db
        .selectFrom('notifications')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('title', '=', name)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };

    /** Holds the handler for `name` until released; `reached` resolves when it is waiting. */
    function holdHandler(name: string) {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let reach!: () => void;
      const isReached = new Promise<void>((resolve) => (reach = resolve));
      gates.set(name, () => {
        reach();
        return released;
      });
      return { isReached, release };
    }

    it('replays the first answer and runs nothing again when retried with the same key', async () => {
      const first = await post(alice, { name: 'replay' }, 'key-replay');
      assert.equal(first.statusCode, 201);
      assert.equal(first.headers['idempotent-replayed'], undefined);
      const second = await post(alice, { name: 'replay' }, 'key-replay');
      assert.equal(second.statusCode, 201);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.match(String(second.headers['content-type']), /application\/json/);
      assert.deepEqual(second.json(), first.json());
      assert.equal(await runs('replay'), 1);
    });

    it('runs every time when no key is sent', async () => {
      await post(alice, { name: 'no-key' });
      await post(alice, { name: 'no-key' });
      assert.equal(await runs('no-key'), 2);
    });

    it('answers 422 idempotency_conflict when the key is reused with another body', async () => {
      await post(alice, { name: 'conflict-a' }, 'key-conflict');
      const res = await post(alice, { name: 'conflict-b' }, 'key-conflict');
      assert.equal(res.statusCode, 422);
      assert.equal(res.json().code, 'idempotency_conflict');
      assert.equal(await runs('conflict-b'), 0);
    });

    it('answers 409 to a retry while the first request is still in flight', async () => {
      const hold = holdHandler('slow');
      const first = post(alice, { name: 'slow' }, 'key-slow');
      await hold.isReached;
      const retry = await post(alice, { name: 'slow' }, 'key-slow');
      assert.equal(retry.statusCode, 409);
      assert.equal(retry.json().code, 'conflict');
      hold.release();
      assert.equal((await first).statusCode, 201);
      const later = await post(alice, { name: 'slow' }, 'key-slow');
      assert.equal(later.headers['idempotent-replayed'], 'true');
      assert.equal(await runs('slow'), 1);
    });

    it('runs once when two requests with the same key arrive together', async () => {
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => post(alice, { name: 'together' }, 'key-together')),
      );
      const statuses = answers.map((a) => a.statusCode).sort();
      const fresh = answers.filter(
        (a) => a.statusCode === 201 && a.headers['idempotent-replayed'] === undefined,
      );
      assert.equal(fresh.length, 1, `statuses ${statuses.join(',')}`);
      for (const a of answers) assert.ok(a.statusCode === 201 || a.statusCode === 409);
      assert.equal(await runs('together'), 1);
    });

    it('does not store a 5xx answer, so a retry runs again', async () => {
      const failed = await post(alice, { name: 'flaky', failTimes: 1 }, 'key-flaky');
      assert.equal(failed.statusCode, 500);
      const retry = await post(alice, { name: 'flaky', failTimes: 1 }, 'key-flaky');
      assert.equal(retry.statusCode, 201);
      assert.equal(retry.headers['idempotent-replayed'], undefined);
      assert.equal(await runs('flaky'), 1);
    });

    it('stores a 4xx answer of the handler and replays it', async () => {
      const first = await post(alice, { name: 'refused' }, 'key-refused');
      assert.equal(first.statusCode, 409);
      assert.equal(first.json().code, 'state_conflict');
      const retry = await post(alice, { name: 'refused' }, 'key-refused');
      assert.equal(retry.statusCode, 409);
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.deepEqual(retry.json(), first.json());
      assert.equal(calls.get('refused'), 1);
    });

    it('claims no key when the body fails validation', async () => {
      const bad = await post(alice, { name: 'bad', failTimes: 'x' }, 'key-bad');
      assert.equal(bad.statusCode, 400);
      // Validation fails before the key is claimed: the same request fails the same way.
      const again = await post(alice, { name: 'bad', failTimes: 'x' }, 'key-bad');
      assert.equal(again.statusCode, 400);
      const rows = await ctx.db
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('key', '=', 'key-bad')
        .execute();
      assert.equal(rows.length, 0);
    });

    it('keeps keys apart per caller', async () => {
      await post(alice, { name: 'per-caller' }, 'key-shared');
      const other = await post(bob, { name: 'per-caller' }, 'key-shared');
      assert.equal(other.statusCode, 201);
      assert.equal(other.headers['idempotent-replayed'], undefined);
      assert.equal(await runs('per-caller'), 2);
    });

    it('answers 400 naming the header when the key is malformed', async () => {
      const res = await post(alice, { name: 'long' }, 'k'.repeat(201));
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().details.field, 'Idempotency-Key');
      assert.equal(await runs('long'), 0);
    });

    it('covers the notifications read-all POST too', async () => {
      const first = await app.inject({
        method: 'POST',
        url: '/api/notifications/read-all',
        headers: { ...alice.headers, 'idempotency-key': 'key-read-all' },
      });
      assert.equal(first.statusCode, 200);
      await post(alice, { name: 'after-read-all' });
      const retry = await app.inject({
        method: 'POST',
        url: '/api/notifications/read-all',
        headers: { ...alice.headers, 'idempotency-key': 'key-read-all' },
      });
      assert.equal(retry.headers['idempotent-replayed'], 'true');
      assert.deepEqual(retry.json(), first.json());
      // The replay ran nothing: the notification created in between is still unread.
      const inbox = await app.inject({
        method: 'GET',
        url: '/api/notifications?unread=true',
        headers: alice.headers,
      });
      assert.equal(inbox.json().unreadCount, 1);
    });

    it('forgets keys older than 24 hours when the cleanup runs', async () => {
      await post(alice, { name: 'old' }, 'key-old');
      await ctx.db
        .updateTable('idempotency_keys')
        .set({ created_at: sql<Date>`now() - interval '25 hours'` } as never)
        .where('key', '=', 'key-old')
        .execute();
      const purged = await purgeExpiredIdempotencyKeys(ctx.db);
      assert.equal(purged, 1);
      const retry = await post(alice, { name: 'old' }, 'key-old');
      assert.equal(retry.headers['idempotent-replayed'], undefined);
      assert.equal(await runs('old'), 2);
    });

    it('runs a request again when its key expired but was not yet cleaned up', async () => {
      await post(alice, { name: 'stale' }, 'key-stale');
      await ctx.db
        .updateTable('idempotency_keys')
        .set({ created_at: sql<Date>`now() - interval '25 hours'` } as never)
        .where('key', '=', 'key-stale')
        .execute();
      const retry = await post(alice, { name: 'stale' }, 'key-stale');
      assert.equal(retry.statusCode, 201);
      assert.equal(retry.headers['idempotent-replayed'], undefined);
      assert.equal(await runs('stale'), 2);
    });
  });
}
