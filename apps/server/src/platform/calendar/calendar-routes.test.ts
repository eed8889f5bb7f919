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
import { reloadCalendar, setWorkingCalendar, workingCalendar } from './calendar-store.ts';
import { createWorkingCalendar, localDateOf } from './working-calendar.ts';

for (const kind of databaseKinds()) {
  describe(`calendar routes and overrides (${kind})`, () => {
    let t: TestApp;
    let admin: Session;
    let districtAdmin: Session;
    let clerk: Session;

    before(async () => {
      t = await startTestApp(kind);
      await createUser(t.ctx, { username: 'cal.admin', roles: [{ role: 'admin' }] });
      await createUser(t.ctx, {
        username: 'cal.admin.yuzhong',
        regionCode: '500103',
        roles: [{ role: 'admin' }],
      });
      await createUser(t.ctx, { username: 'cal.clerk', roles: [{ role: 'clerk' }] });
      admin = await loginAs(t.app, 'cal.admin');
      districtAdmin = await loginAs(t.app, 'cal.admin.yuzhong');
      clerk = await loginAs(t.app, 'cal.clerk');
      await reloadCalendar(t.ctx.db);
    });
    after(() => t.close());

    const deadlineDate = () => localDateOf(workingCalendar().addWorkingDays('2026-09-15', 20));

    it('does list the National Day week with its working Saturday', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/calendar?from=2026-09-28&to=2026-10-11',
        headers: clerk.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      const byDate = new Map(body.days.map((d: { date: string }) => [d.date, d]));
      assert.equal(body.days.length, 14);
      assert.deepEqual(byDate.get('2026-10-10'), {
        date: '2026-10-10',
        isWorkday: true,
        source: 'package',
        name: '国庆节',
        note: null,
      });
      assert.equal((byDate.get('2026-10-05') as { isWorkday: boolean }).isWorkday, false);
      // 09-28, 09-29, 09-30, 10-08, 10-09, 10-10
      assert.equal(body.workingDays, 6);
    });

    it('does refuse anonymous callers, reversed ranges and impossible dates', async () => {
      const anon = await t.app.inject({
        method: 'GET',
        url: '/api/calendar?from=2026-01-01&to=2026-01-02',
      });
      assert.equal(anon.statusCode, 401);
      const reversed = await t.app.inject({
        method: 'GET',
        url: '/api/calendar?from=2026-02-01&to=2026-01-02',
        headers: clerk.headers,
      });
      assert.equal(reversed.statusCode, 400);
      assert.equal(reversed.json().details.field, 'to');
      const bad = await t.app.inject({
        method: 'PUT',
        url: '/api/admin/calendar/2026-02-30',
        headers: admin.headers,
        payload: { isWorkday: true },
      });
      assert.equal(bad.statusCode, 400);
    });

    it('does move the DOMAIN.md deadline when an administrator adds a day off, and back on delete', async () => {
      assert.equal(deadlineDate(), '2026-10-19');
      const put = await t.app.inject({
        method: 'PUT',
        url: '/api/admin/calendar/2026-10-12',
        headers: admin.headers,
        payload: { isWorkday: false, note: '台风停工' },
      });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual(put.json(), {
        date: '2026-10-12',
        isWorkday: false,
        source: 'override',
        name: null,
        note: '台风停工',
      });
      assert.equal(deadlineDate(), '2026-10-20');
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'actor_name'])
        .where('subject_type', '=', 'calendar_day')
        .where('subject_id', '=', '2026-10-12')
        .execute();
      assert.deepEqual(audit, [{ action: 'calendar.override_set', actor_name: 'cal.admin' }]);

      const del = await t.app.inject({
        method: 'DELETE',
        url: '/api/admin/calendar/2026-10-12',
        headers: admin.headers,
      });
      assert.equal(del.statusCode, 200, del.body);
      assert.equal(del.json().source, 'weekday');
      assert.equal(deadlineDate(), '2026-10-19');
      const again = await t.app.inject({
        method: 'DELETE',
        url: '/api/admin/calendar/2026-10-12',
        headers: admin.headers,
      });
      assert.equal(again.statusCode, 404);
    });

    it('does accept next year’s schedule as overrides and reload it in another process', async () => {
      // 2027 is past the package's data: without overrides 2027-10-01 is an ordinary Friday.
      assert.equal(workingCalendar().isWorkday('2027-10-01'), true);
      const put = await t.app.inject({
        method: 'PUT',
        url: '/api/admin/calendar/2027-10-01',
        headers: admin.headers,
        payload: { isWorkday: false, note: '国庆节' },
      });
      assert.equal(put.statusCode, 200, put.body);
      // Another process still has the old calendar until it reloads from the database.
      setWorkingCalendar(createWorkingCalendar());
      assert.equal(workingCalendar().isWorkday('2027-10-01'), true);
      await reloadCalendar(t.ctx.db);
      assert.equal(workingCalendar().isWorkday('2027-10-01'), false);
      await t.app.inject({
        method: 'DELETE',
        url: '/api/admin/calendar/2027-10-01',
        headers: admin.headers,
      });
    });

    it('does let only a city-level administrator change the calendar', async () => {
      for (const who of [clerk, districtAdmin]) {
        const res = await t.app.inject({
          method: 'PUT',
          url: '/api/admin/calendar/2026-10-12',
          headers: who.headers,
          payload: { isWorkday: false },
        });
        assert.equal(res.statusCode, 403, res.body);
      }
      const count = await t.ctx.db
        .selectFrom('calendar_overrides')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
    });
  });
}
