// Applicants' own lists kept between changes (DR-11): a repeated read comes from memory, and
// every change shows on the next read — at once in the process that made it, after the next
// poll of its outbox tail in another process (two apps over one database stand for two).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { ApplicationList } from '@citygov/contracts';
import { buildApp } from '../../../app.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { liveHubOf } from '../../../platform/events/index.ts';
import { loadUserPrincipal } from '../../../platform/auth/sessions.ts';
import { insertPerson } from '../../../platform/people/index.ts';
import { residentIdCheckChar } from '../../../platform/crypto/identifiers.ts';
import {
  createUser,
  databaseKinds,
  openSession,
  startTestApp,
  type Session,
  type TestApp,
} from '../../../test-support/harness.ts';
import { findTestDepartments, recordUpload, sampleItemBody } from '../test-fixtures.ts';
import { mineCacheOf, type MineCache } from './mine-cache.ts';

const SETTLE_MS = 5200; // the cache keeps nothing until 5 s after its process's tail started

for (const kind of databaseKinds()) {
  describe(`"my applications" kept between changes (${kind})`, () => {
    let t: TestApp;
    let other: { app: FastifyInstance; ctx: AppContext };
    let citizen: Session;
    let clerk: Session;
    let citizenUserId: number;
    let itemCode: string;
    let fileN = 0;

    const cacheOf = (ctx: AppContext): MineCache => mineCacheOf(ctx)!;
    const list = async (app: FastifyInstance) => {
      const res = await app.inject({
        method: 'GET',
        url: '/api/services/applications?view=mine',
        headers: citizen.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<ApplicationList>();
    };
    const apply = async () => {
      const sha256 = await recordUpload(
        t.ctx.db,
        `user:${citizenUserId}`,
        `mine material ${++fileN}`,
      );
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/services/applications',
        headers: citizen.headers,
        payload: {
          itemCode,
          channel: 'web',
          form: { contactPhone: '13800138000', purpose: '临时占道' },
          materials: [{ materialId: 1, fileSha256: sha256 }],
        },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ subject: { id: number } }>().subject.id;
    };

    before(async () => {
      t = await startTestApp(kind);
      // A second server over the same database: its own cache, its own tail.
      other = { app: undefined as unknown as FastifyInstance, ctx: { ...t.ctx } };
      other.app = await buildApp(other.ctx);
      await other.app.ready();
      const { yuzhong } = await findTestDepartments(t.ctx.db);
      const adminId = await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] });
      const personId = await insertPerson(t.ctx, t.ctx.db, {
        name: '张三',
        idNumber: `50010319800101123${residentIdCheckChar('50010319800101123')}`,
        phone: null,
        regionCode: '500103',
        address: null,
      });
      citizenUserId = await createUser(t.ctx, {
        username: 'citizen1',
        kind: 'citizen',
        regionCode: '500103',
        personId,
        roles: [{ role: 'citizen' }],
      });
      const clerkId = await createUser(t.ctx, {
        username: 'clerk.yuzhong',
        regionCode: '500103',
        roles: [{ role: 'clerk', departmentId: null }],
      });
      citizen = await openSession(t.ctx, citizenUserId);
      clerk = await openSession(t.ctx, clerkId);
      const admin = await openSession(t.ctx, adminId);
      const body = sampleItemBody(yuzhong.id, {
        name: '临时占用城市道路许可',
        audience: 'citizen',
        channels: ['web', 'window'],
        isLicensing: false,
      });
      delete body.issuedLicenceType;
      body.materials = [body.materials[0]!];
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/services/items',
        headers: admin.headers,
        payload: body,
      });
      assert.equal(res.statusCode, 201, res.body);
      itemCode = res.json<{ code: string }>().code;
    });
    after(async () => {
      await other?.app.close();
      await t?.close();
    });

    it('does answer a repeated read from memory once the tail has settled', async () => {
      await apply();
      assert.equal((await list(t.app)).total, 1);
      assert.equal((await list(other.app)).total, 1);
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      for (const app of [t.app, other.app]) {
        const cache = cacheOf(app === t.app ? t.ctx : other.ctx);
        const before = { ...cache.counts };
        const first = await list(app);
        const second = await list(app);
        assert.deepEqual(second, first);
        assert.equal(cache.counts.database, before.database + 1, 'one read from the database');
        assert.equal(cache.counts.memory, before.memory + 1, 'the next from memory');
      }
    });

    it('does show a submission at once in its own process and after a poll in another', async () => {
      await list(t.app);
      await list(other.app);
      const id = await apply();
      const own = await list(t.app);
      assert.equal(own.total, 2, 'the process that wrote forgot the list at once');
      assert.equal(own.items[0]!.id, id);
      await liveHubOf(other.app)!.poll();
      const seen = await list(other.app);
      assert.equal(seen.total, 2, 'the other process forgot it when its tail saw the event');
      assert.deepEqual(seen, own);
    });

    it('does show a step taken in another process (受理 by a clerk) after a poll', async () => {
      const id = (await list(t.app)).items[0]!.id;
      const before = await list(other.app);
      assert.equal(before.items[0]!.state, 'submitted');
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/services/applications/${id}/actions/accept`,
        headers: clerk.headers,
        payload: {},
      });
      assert.equal(res.statusCode, 200, res.body);
      await liveHubOf(other.app)!.poll();
      const after = await list(other.app);
      assert.equal(after.items[0]!.state, res.json<{ state: string }>().state);
      assert.notEqual(after.items[0]!.state, 'submitted');
    });

    it('does not keep a read that a change overtook', async () => {
      const cache = cacheOf(other.ctx);
      const principal = (await loadUserPrincipal(t.ctx.db, citizenUserId, {
        sessionId: null,
        isCookieAuth: false,
      }))!;
      cache.clear();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const reading = cache.read(principal, 1, 20, async () => {
        await gate;
        return '{"stale":true}';
      });
      cache.forget({
        owner_user_id: citizenUserId,
        applicant_person_id: null,
        applicant_enterprise_id: null,
        submitted_by_api_key_id: null,
      });
      release();
      assert.equal(await reading, '{"stale":true}', 'the reader gets what it read');
      assert.equal(cache.size, 0, 'but it is not kept');
      const fresh = await list(other.app);
      assert.equal(fresh.total, 2);
    });

    it('does drop everything when events may have gone unseen', async () => {
      const cache = cacheOf(other.ctx);
      await list(other.app);
      assert.ok(cache.size > 0);
      cache.lost();
      assert.equal(cache.size, 0);
    });
  });
}
