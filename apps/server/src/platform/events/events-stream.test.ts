// The live stream over real HTTP: scope by region and owner, topic filters, resume, heartbeats,
// refusals, and fan-out to every server process on PostgreSQL.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { openPostgres, sql } from '../db/database.ts';
import {
  createUser,
  databaseKinds,
  openSession,
  startTestApp,
  testConfig,
  type Session,
  type TestApp,
} from '../../test-support/harness.ts';
import { liveHubOf } from './index.ts';
import { openSseClient, type SseFrame, type SseTestClient } from './sse-test-client.ts';

const YUZHONG_CGJ = 2; // 渝中区城市管理局 (seedTestOrg)
const JIANGBEI_CGJ = 3;

const baseUrlOf = (app: FastifyInstance) =>
  `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const isReady = (f: SseFrame) => f.event === 'ready';

for (const kind of databaseKinds()) {
  describe(`live events stream (${kind})`, () => {
    let t: TestApp;
    let base: string;
    let leader: Session;
    let handlerYz: Session;
    let handlerJb: Session;
    let citizen1: Session;
    let citizen2: Session;
    const open: SseTestClient[] = [];

    before(async () => {
      t = await startTestApp(kind, { eventsHeartbeatMs: 300 });
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      base = baseUrlOf(t.app);
      const session = async (spec: Parameters<typeof createUser>[1]) =>
        openSession(t.ctx, await createUser(t.ctx, spec));
      leader = await session({ username: 'e.leader', roles: [{ role: 'leader' }] });
      handlerYz = await session({
        username: 'e.handler.yuzhong',
        regionCode: '500103',
        departmentId: YUZHONG_CGJ,
        roles: [{ role: 'handler' }],
      });
      handlerJb = await session({
        username: 'e.handler.jiangbei',
        regionCode: '500105',
        departmentId: JIANGBEI_CGJ,
        roles: [{ role: 'handler' }],
      });
      citizen1 = await session({ username: 'e.citizen1', kind: 'citizen', regionCode: '500103' });
      citizen2 = await session({ username: 'e.citizen2', kind: 'citizen', regionCode: '500103' });
    });
    let isClosed = false;
    after(async () => {
      for (const c of open) c.close();
      if (!isClosed) await t.close();
    });

    /** Opens a stream and waits until it is live. */
    async function stream(who: Session, query = '', headers: Record<string, string> = {}) {
      const client = await openSseClient(`${base}/api/events/stream${query}`, {
        ...who.headers,
        ...headers,
      });
      open.push(client);
      assert.equal(client.status, 200);
      await client.waitFor(isReady);
      return client;
    }

    const insertEvent = async (topic: string, regionCode: string, payload: object = {}) => {
      const row = await t.ctx.db
        .insertInto('outbox')
        .values({ topic, region_code: regionCode, payload: JSON.stringify(payload) })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    };

    const createTask = async (regionCode: string, departmentId: number) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/tasks',
        headers: leader.headers,
        payload: {
          title: '清理解放碑步行街占道经营',
          description: '三日内清理完毕并报告。',
          regionCode,
          departmentId,
          limitWorkdays: 3,
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: number }>().id;
    };

    const isEventOf = (topic: string, subjectId: number) => (f: SseFrame) =>
      f.event === 'message' &&
      (JSON.parse(f.data) as { topic: string; payload: { subjectId?: string } }).topic === topic &&
      (JSON.parse(f.data) as { payload: { subjectId?: string } }).payload.subjectId ===
        String(subjectId);

    it('does deliver a task transition to its district’s staff within a second, and not to another district’s', async () => {
      const yuzhong = await stream(handlerYz, '?topics=task.*');
      const jiangbei = await stream(handlerJb, '?topics=task.*');
      assert.equal(yuzhong.headers.get('content-type'), 'text/event-stream; charset=utf-8');
      assert.equal(yuzhong.headers.get('cache-control'), 'no-cache, no-transform');
      assert.equal(yuzhong.headers.get('x-content-type-options'), 'nosniff'); // helmet's, kept
      assert.equal(yuzhong.headers.get('content-encoding'), null);

      const taskId = await createTask('500103', YUZHONG_CGJ);
      const createdAt = Date.now();
      const started = await yuzhong.waitFor(isEventOf('task.start', taskId), 2000);
      assert.ok(started.receivedAt - createdAt < 1000, `${started.receivedAt - createdAt} ms`);
      const event = JSON.parse(started.data);
      assert.equal(event.regionCode, '500103');
      assert.equal(event.payload.to, 'assigned');
      assert.equal(started.id, String(event.id));

      const accepted = await t.app.inject({
        method: 'POST',
        url: `/api/tasks/${taskId}/actions/accept`,
        headers: handlerYz.headers,
      });
      assert.equal(accepted.statusCode, 200, accepted.body);
      const actedAt = Date.now();
      const moved = await yuzhong.waitFor(isEventOf('task.accept', taskId), 2000);
      assert.ok(moved.receivedAt - actedAt < 1000, `${moved.receivedAt - actedAt} ms`);

      // Events go out in id order: once 江北's own task reaches it, 渝中's would have come first.
      const otherId = await createTask('500105', JIANGBEI_CGJ);
      await jiangbei.waitFor(isEventOf('task.start', otherId), 2000);
      assert.deepEqual(
        jiangbei.events().map((e) => [e.topic, e.regionCode]),
        [['task.start', '500105']],
      );
      assert.ok(yuzhong.events().every((e) => e.regionCode === '500103'));
    });

    it('does deliver only the topics asked for', async () => {
      const cases = await stream(leader, '?topics=case.*,notice.sent');
      await insertEvent('task.start', '500103');
      await insertEvent('case.reported', '500103', { n: 1 });
      await insertEvent('notice.sent', '500105', { n: 2 });
      await cases.waitFor(
        (f) => f.event === 'message' && JSON.parse(f.data).topic === 'notice.sent',
      );
      assert.deepEqual(
        cases.events().map((e) => e.topic),
        ['case.reported', 'notice.sent'],
      );
    });

    it('does send a citizen only the events about their own records', async () => {
      const own = await stream(citizen1);
      await insertEvent('case.reported', '500103', { ownerUserId: citizen2.userId });
      await insertEvent('case.reported', '500103', {}); // about nobody's record
      await createTask('500103', YUZHONG_CGJ);
      await insertEvent('case.replied', '500103', { ownerUserId: citizen1.userId });
      await own.waitFor((f) => f.event === 'message');
      // A later event of their own proves nothing else was on its way.
      await insertEvent('case.closed', '500103', { owner_user_id: citizen1.userId });
      await own.waitFor((f) => f.event === 'message' && JSON.parse(f.data).topic === 'case.closed');
      assert.deepEqual(
        own.events().map((e) => e.topic),
        ['case.replied', 'case.closed'],
      );
    });

    it('does resume after Last-Event-ID with what the caller missed, and tells one too far behind to reset', async () => {
      const first = await stream(handlerYz, '?topics=resume.*');
      const seenId = await insertEvent('resume.a', '500103');
      await first.waitFor((f) => f.id === String(seenId));
      first.close();
      await insertEvent('resume.b', '500103');
      await insertEvent('resume.c', '500105'); // another district: never sent to 渝中
      await insertEvent('resume.d', '500103');

      const resumed = await stream(handlerYz, '?topics=resume.*', {
        'last-event-id': String(seenId),
      });
      assert.deepEqual(
        resumed.events().map((e) => e.topic),
        ['resume.b', 'resume.d'],
      );
      const ready = resumed.frames.find(isReady)!;
      assert.deepEqual(JSON.parse(ready.data), { replayed: 2 });
      // Live events follow the replay, once each.
      await insertEvent('resume.e', '500103');
      await resumed.waitFor(
        (f) => f.event === 'message' && JSON.parse(f.data).topic === 'resume.e',
      );
      assert.deepEqual(
        resumed.events().map((e) => e.topic),
        ['resume.b', 'resume.d', 'resume.e'],
      );

      // The query parameter does the same for clients that cannot set the header.
      const byQuery = await stream(handlerYz, `?topics=resume.*&lastEventId=${seenId}`);
      assert.deepEqual(
        byQuery.events().map((e) => e.topic),
        ['resume.b', 'resume.d', 'resume.e'],
      );

      // A resume point the tail has not read yet: it is not sent again when the tail gets to it.
      const freshId = await insertEvent('resume.f', '500103');
      const fresh = await stream(handlerYz, '?topics=resume.*', {
        'last-event-id': String(freshId),
      });
      await insertEvent('resume.g', '500103');
      await fresh.waitFor((f) => f.event === 'message' && JSON.parse(f.data).topic === 'resume.g');
      assert.deepEqual(
        fresh.events().map((e) => e.topic),
        ['resume.g'],
      );

      const lastId = await insertEvent('resume.h', '500103');
      await sql`INSERT INTO outbox (topic, region_code, payload)
        SELECT 'bulk.x', '500103', '{}'::jsonb FROM generate_series(1, 1001)`.execute(t.ctx.db);
      const behind = await stream(handlerYz, '?topics=resume.*', {
        'last-event-id': String(lastId),
      });
      assert.deepEqual(
        behind.frames.filter((f) => f.event === 'reset' || f.event === 'ready').map((f) => f.event),
        ['reset', 'ready'],
      );
      assert.equal(behind.events().length, 0);
    });

    it('does refuse a request without Accept: text/event-stream, a bad topic, a bad resume id or no login', async () => {
      const get = (url: string, headers: Record<string, string>) =>
        t.app.inject({ method: 'GET', url, headers });
      const accept = { accept: 'text/event-stream' };
      const plain = await get('/api/events/stream', handlerYz.headers);
      assert.equal(plain.statusCode, 400);
      assert.equal(plain.json().code, 'bad_request');
      const badTopic = await get('/api/events/stream?topics=case.*,a%20b', {
        ...handlerYz.headers,
        ...accept,
      });
      assert.equal(badTopic.statusCode, 400);
      assert.equal(badTopic.json().details.field, 'topics');
      const badId = await get('/api/events/stream', {
        ...handlerYz.headers,
        ...accept,
        'last-event-id': 'abc',
      });
      assert.equal(badId.statusCode, 400);
      const anonymous = await get('/api/events/stream', accept);
      assert.equal(anonymous.statusCode, 401);
    });

    it('does send heartbeats, end the stream at logout and forget a client that leaves', async () => {
      const hub = liveHubOf(t.app)!;
      const userId = await createUser(t.ctx, {
        username: `e.brief.${kind}`,
        regionCode: '500103',
        roles: [{ role: 'handler' }],
      });
      const brief = await openSession(t.ctx, userId);
      const before = hub.clientCount;
      const client = await stream(brief);
      assert.equal(hub.clientCount, before + 1);
      await client.waitFor((f) => f.event === 'comment', 2000);
      const out = await t.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: brief.headers,
      });
      assert.equal(out.statusCode, 204, out.body);
      await client.waitForEnd(2000);

      const leaving = await stream(handlerJb);
      assert.equal(hub.clientCount, before + 1);
      leaving.close();
      for (let i = 0; i < 50 && hub.clientCount > before; i++)
        await new Promise((r) => setTimeout(r, 20));
      assert.equal(hub.clientCount, before);
    });

    it('does refuse more than ten streams for one caller', async () => {
      const userId = await createUser(t.ctx, {
        username: `e.tabs.${kind}`,
        roles: [{ role: 'dispatcher' }],
      });
      const tabs = await openSession(t.ctx, userId);
      for (let i = 0; i < 10; i++) await stream(tabs);
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/events/stream',
        headers: { ...tabs.headers, accept: 'text/event-stream' },
      });
      assert.equal(res.statusCode, 429);
      assert.equal(res.json().code, 'rate_limited');
    });

    // Last: it closes the app.
    it('does end the open streams when the server closes, instead of waiting for them', async () => {
      const client = await stream(handlerYz);
      const startedAt = Date.now();
      isClosed = true;
      await t.close();
      await client.waitForEnd(1000);
      assert.ok(Date.now() - startedAt < 3000, `${Date.now() - startedAt} ms`);
    });
  });
}

if (databaseKinds().includes('postgres')) {
  describe('live events across server processes (postgres)', () => {
    let t: TestApp;
    let second: FastifyInstance;
    let closeSecondPool: () => Promise<void>;
    const open: SseTestClient[] = [];

    before(async () => {
      t = await startTestApp('postgres');
      const pool = openPostgres(t.database.url!, 3);
      closeSecondPool = () => pool.close();
      // A second process: its own app over its own pool on the same database.
      second = await buildApp({ ...t.ctx, config: testConfig(), db: pool.db });
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      await second.listen({ host: '127.0.0.1', port: 0 });
    });
    after(async () => {
      for (const c of open) c.close();
      await second.close();
      await closeSecondPool();
      await t.close();
    });

    it('does deliver an event written through one process to the streams of both', async () => {
      const userId = await createUser(t.ctx, {
        username: 'x.dispatcher',
        roles: [{ role: 'dispatcher' }],
      });
      const session = await openSession(t.ctx, userId);
      const clients = await Promise.all(
        [t.app, second].map((app) =>
          openSseClient(`${baseUrlOf(app)}/api/events/stream?topics=fan.*`, session.headers),
        ),
      );
      open.push(...clients);
      for (const c of clients) await c.waitFor(isReady);
      await t.ctx.db
        .insertInto('outbox')
        .values({ topic: 'fan.out', region_code: '500103', payload: '{}' })
        .execute();
      for (const c of clients) {
        const frame = await c.waitFor((f) => f.event === 'message', 2000);
        assert.equal(JSON.parse(frame.data).topic, 'fan.out');
      }
    });
  });
}
