import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createUser,
  databaseKinds,
  loginAs,
  startTestApp,
  type Session,
  type TestApp,
} from '../../test-support/harness.ts';
import { notify } from './notifier.ts';

for (const kind of databaseKinds()) {
  describe(`notifications inbox (${kind})`, () => {
    let t: TestApp;
    let alice: Session;
    let bob: Session;
    let bobsNotification: number;

    before(async () => {
      t = await startTestApp(kind);
      const aliceId = await createUser(t.ctx, { username: 'alice', kind: 'citizen' });
      const bobId = await createUser(t.ctx, { username: 'bob', kind: 'citizen' });
      for (let i = 1; i <= 5; i++) {
        await notify(t.ctx.db, {
          userIds: [aliceId],
          title: `alice ${i}`,
          body: `message ${i}`,
          regionCode: '500103',
        });
      }
      await notify(t.ctx.db, {
        userIds: [bobId],
        title: 'bob only',
        body: 'secret',
        regionCode: '500105',
      });
      const row = await t.ctx.db
        .selectFrom('notifications')
        .select('id')
        .where('user_id', '=', bobId)
        .executeTakeFirstOrThrow();
      bobsNotification = row.id;
      alice = await loginAs(t.app, 'alice');
      bob = await loginAs(t.app, 'bob');
    });
    after(() => t.close());

    const list = (s: Session, query = '') =>
      t.app.inject({ method: 'GET', url: `/api/notifications${query}`, headers: s.headers });

    it('lists only my notifications, newest first, with the unread count', async () => {
      const res = await list(alice);
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.total, 5);
      assert.equal(body.unreadCount, 5);
      assert.deepEqual(
        body.items.map((n: { title: string }) => n.title),
        ['alice 5', 'alice 4', 'alice 3', 'alice 2', 'alice 1'],
      );
      assert.ok(!body.items.some((n: { title: string }) => n.title === 'bob only'));
    });

    it('pages the list when page and pageSize are given', async () => {
      const res = await list(alice, '?page=2&pageSize=2');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(
        res.json().items.map((n: { title: string }) => n.title),
        ['alice 3', 'alice 2'],
      );
      assert.equal(res.json().total, 5);
    });

    it('marks one read and filters it out of the unread list', async () => {
      const first = (await list(alice)).json().items[0];
      const read = await t.app.inject({
        method: 'POST',
        url: `/api/notifications/${first.id}/read`,
        headers: alice.headers,
      });
      assert.equal(read.statusCode, 200);
      assert.ok(read.json().readAt);
      const unread = (await list(alice, '?unread=true')).json();
      assert.equal(unread.total, 4);
      assert.equal(unread.unreadCount, 4);
      assert.ok(!unread.items.some((n: { id: number }) => n.id === first.id));
    });

    it("answers 404 and changes nothing when I mark another user's notification", async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/notifications/${bobsNotification}/read`,
        headers: alice.headers,
      });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'not_found');
      const bobs = (await list(bob)).json();
      assert.equal(bobs.unreadCount, 1);
      assert.equal(bobs.items[0].readAt, null);
    });

    it('marks all of mine read and leaves the other user untouched', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/notifications/read-all',
        headers: alice.headers,
      });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { updated: 4, unreadCount: 0 });
      assert.equal((await list(alice)).json().unreadCount, 0);
      assert.equal((await list(bob)).json().unreadCount, 1);
    });

    it('answers 401 when nobody is logged in', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/notifications' });
      assert.equal(res.statusCode, 401);
    });

    it('answers 400 naming the field when the query or id is bad', async () => {
      const size = await list(alice, '?pageSize=1000');
      assert.equal(size.statusCode, 400);
      assert.equal(size.json().details.field, 'pageSize');
      const unknown = await list(alice, '?mine=1');
      assert.equal(unknown.statusCode, 400);
      assert.equal(unknown.json().details.field, 'mine');
      const id = await t.app.inject({
        method: 'POST',
        url: '/api/notifications/abc/read',
        headers: alice.headers,
      });
      assert.equal(id.statusCode, 400);
      assert.equal(id.json().details.field, 'id');
    });
  });
}
