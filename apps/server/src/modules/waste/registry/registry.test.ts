// The registry and approvals: checked input (fences inside the city, plates, terminals, route
// ends), who manages what in which region, masked drivers, and approvals that block manifests
// when they expire, are suspended or run out of volume.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  ManifestDetail,
  WasteApprovalView,
  WasteDriverView,
  WasteTruckList,
} from '@citygov/contracts';
import {
  createUser,
  databaseKinds,
  loginAs,
  startTestApp,
  type Session,
  type TestApp,
} from '../../../test-support/harness.ts';
import {
  buildWasteWorld,
  call,
  dayOffset,
  ok,
  openManifest,
  squareFence,
  step,
  YUZHONG,
  type WasteWorld,
} from '../waste-test-support.ts';

type ErrorAnswer = { code: string; message: string; details?: { field?: string; reason?: string } };

for (const kind of databaseKinds()) {
  describe(`waste registry and approvals (${kind})`, () => {
    let t: TestApp;
    let w: WasteWorld;
    let jiangbeiOfficer: Session;
    let yuzhongLeader: Session;
    before(async () => {
      t = await startTestApp(kind);
      w = await buildWasteWorld(t);
      await createUser(t.ctx, {
        username: 'officer.jb',
        roles: [{ role: 'waste_officer', regionCode: '500105' }],
      });
      await createUser(t.ctx, {
        username: 'leader.yz',
        roles: [{ role: 'leader', regionCode: '500103' }],
      });
      jiangbeiOfficer = await loginAs(t.app, 'officer.jb');
      yuzhongLeader = await loginAs(t.app, 'leader.yz');
    });
    after(async () => t.close());

    it('refuses fences outside Chongqing, bad plates, taken terminals and far route ends', async () => {
      let res = await call<ErrorAnswer>(t.app, w.officer, 'POST', '/api/waste/sites', {
        regionCode: YUZHONG,
        name: '北京某工地',
        fence: squareFence(116.4, 39.9),
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.details?.field, 'fence');
      res = await call<ErrorAnswer>(t.app, w.officer, 'POST', '/api/waste/sites', {
        regionCode: YUZHONG,
        name: '一条线的工地',
        fence: {
          type: 'Polygon',
          coordinates: [
            [
              [106.5, 29.5],
              [106.51, 29.5],
              [106.52, 29.5],
              [106.5, 29.5],
            ],
          ],
        },
      });
      assert.equal(res.status, 400, 'a ring with no area');
      res = await call<ErrorAnswer>(t.app, w.officer, 'POST', '/api/waste/trucks', {
        companyId: w.companyId,
        plate: 'ABC1234',
        terminalPhone: '13900000001',
        capacityM3: 10,
      });
      assert.equal(res.status, 400);
      assert.equal(res.body.details?.field, 'plate');
      res = await call<ErrorAnswer>(t.app, w.officer, 'POST', '/api/waste/trucks', {
        companyId: w.companyId,
        plate: '渝A54321',
        terminalPhone: '013900000000', // leading zero: the same terminal as 渝A12345's
        capacityM3: 10,
      });
      assert.equal(res.status, 409);
      assert.equal(res.body.details?.field, 'terminalPhone');
      res = await call<ErrorAnswer>(t.app, w.officer, 'POST', '/api/waste/routes', {
        name: '绕远',
        constructionSiteId: w.siteId,
        disposalSiteId: w.landfillId,
        path: {
          type: 'LineString',
          coordinates: [
            [106.4, 29.4],
            [106.56, 29.6],
          ],
        },
        corridorM: 200,
      });
      assert.equal(res.status, 400);
      assert.match(res.body.message, /start within 3 km/);
    });

    it('lets a company register its own trucks but not another company’s', async () => {
      const truck = await ok<{ plate: string; regionCode: string }>(
        t.app,
        w.transport,
        'POST',
        '/api/waste/trucks',
        {
          companyId: w.companyId,
          plate: '渝b77777',
          terminalPhone: '13900000077',
          capacityM3: 15,
        },
      );
      assert.equal(truck.plate, '渝B77777');
      const other = await ok<{ id: number }>(t.app, w.officer, 'POST', '/api/waste/companies', {
        regionCode: YUZHONG,
        name: '重庆另一运输有限公司',
        uscc: '91110000600037341L',
      });
      const res = await call(t.app, w.transport, 'POST', '/api/waste/trucks', {
        companyId: other.id,
        plate: '渝B88888',
        terminalPhone: '13900000088',
        capacityM3: 15,
      });
      assert.equal(res.status, 403);
      // The driver's own account acts for the company but does not manage its fleet.
      const byDriver = await call(t.app, w.driver, 'POST', '/api/waste/trucks', {
        companyId: w.companyId,
        plate: '渝B99999',
        terminalPhone: '13900000099',
        capacityM3: 15,
      });
      assert.equal(byDriver.status, 403);
      const list = await ok<WasteTruckList>(
        t.app,
        w.site,
        'GET',
        `/api/waste/trucks?companyId=${w.companyId}`,
      );
      assert.ok(list.items.some((x) => x.plate === '渝B77777'));
    });

    it('shows drivers masked and stores their ID encrypted', async () => {
      const d = await ok<WasteDriverView>(
        t.app,
        w.officer,
        'GET',
        `/api/waste/drivers/${w.driverId}`,
      );
      assert.equal(d.idNumberHint, '1101**********002X');
      assert.equal(d.phoneHint, '138****5678');
      assert.equal(d.username, 'wdriver');
      const row = await t.ctx.db
        .selectFrom('waste_drivers')
        .selectAll()
        .where('id', '=', w.driverId)
        .executeTakeFirstOrThrow();
      assert.ok(!row.id_number_enc.includes('11010519491231002X'));
      assert.equal(t.ctx.cipher.decrypt(row.id_number_enc), '11010519491231002X');
    });

    it('keeps staff to their regions', async () => {
      const res = await call(t.app, jiangbeiOfficer, 'POST', '/api/waste/sites', {
        regionCode: YUZHONG,
        name: '渝中区某工地',
        fence: squareFence(106.57, 29.55),
      });
      assert.equal(res.status, 403);
      assert.equal(
        (await call(t.app, jiangbeiOfficer, 'GET', `/api/waste/sites/${w.siteId}`)).status,
        404,
      );
      assert.equal(
        (await call(t.app, jiangbeiOfficer, 'GET', `/api/waste/approvals/${w.approvalId}`)).status,
        404,
      );
      assert.equal(
        (
          await call(
            t.app,
            jiangbeiOfficer,
            'PUT',
            `/api/waste/approvals/${w.approvalId}`,
            w.approvalBody,
          )
        ).status,
        404,
      );
      const m = await openManifest(w);
      assert.equal(
        (await call(t.app, jiangbeiOfficer, 'GET', `/api/waste/manifests/${m.manifest.id}`)).status,
        404,
      );
      assert.equal(
        (await call(t.app, yuzhongLeader, 'GET', `/api/waste/manifests/${m.manifest.id}`)).status,
        200,
      );
      // A leader reads but does not issue approvals.
      assert.equal(
        (await call(t.app, yuzhongLeader, 'POST', '/api/waste/approvals', w.approvalBody)).status,
        403,
      );
      // The disposal site's account sees the approvals naming it, not others'.
      const seen = await ok<{ items: WasteApprovalView[] }>(
        t.app,
        w.disposal,
        'GET',
        '/api/waste/approvals',
      );
      assert.deepEqual(
        seen.items.map((a) => a.id),
        [w.approvalId],
      );
      await step(w, w.site, m.manifest.id, 'cancel', { note: '测试完毕' });
    });

    it('blocks new manifests under an approval that expired, is suspended or ran out of volume', async () => {
      const approval = await ok<WasteApprovalView>(
        t.app,
        w.officer,
        'POST',
        '/api/waste/approvals',
        {
          ...w.approvalBody,
          permittedVolumeM3: 20,
        },
      );
      const content = (over = {}) =>
        w.content({ approvalId: approval.id, declaredVolumeM3: 8, ...over });
      const open = (over = {}) =>
        call<ManifestDetail & ErrorAnswer>(
          t.app,
          w.site,
          'POST',
          '/api/waste/manifests',
          content(over),
        );
      const first = await open();
      assert.equal(first.status, 201);
      assert.equal((await open()).status, 201);
      // 16 of 20 used: 8 more would exceed it.
      let res = await open();
      assert.equal(res.status, 409);
      assert.equal(res.body.details?.reason, 'approval_exhausted');
      assert.match(res.body.message, /4\.0 m³ left/);
      assert.equal((await open({ declaredVolumeM3: 4 })).status, 201);
      res = await open({ declaredVolumeM3: 1 });
      assert.equal(res.body.details?.reason, 'approval_exhausted');
      // Cancelling gives the volume back.
      await step(w, w.site, first.body.manifest.id, 'cancel', { note: '车辆故障' });
      assert.equal((await open({ declaredVolumeM3: 8 })).status, 201);
      // Expired.
      const expired = {
        ...w.approvalBody,
        permittedVolumeM3: 20,
        validFrom: dayOffset(-30),
        validTo: dayOffset(-1),
      };
      await ok(t.app, w.officer, 'PUT', `/api/waste/approvals/${approval.id}`, expired);
      res = await open({ declaredVolumeM3: 1, plannedDate: dayOffset(-1) });
      assert.equal(res.status, 409);
      assert.equal(res.body.details?.reason, 'approval_expired');
      const view = await ok<WasteApprovalView>(
        t.app,
        w.site,
        'GET',
        `/api/waste/approvals/${approval.id}`,
      );
      assert.equal(view.isUsable, false);
      assert.equal(view.blockedReason, 'expired');
      // Suspended.
      await ok(t.app, w.officer, 'PUT', `/api/waste/approvals/${approval.id}`, {
        ...w.approvalBody,
        permittedVolumeM3: 20,
        status: 'suspended',
      });
      res = await open({ declaredVolumeM3: 1 });
      assert.equal(res.body.details?.reason, 'approval_suspended');
      // And the volume cannot be cut below what is used.
      const cut = await call<ErrorAnswer>(
        t.app,
        w.officer,
        'PUT',
        `/api/waste/approvals/${approval.id}`,
        { ...w.approvalBody, permittedVolumeM3: 5 },
      );
      assert.equal(cut.status, 400);
      assert.equal(cut.body.details?.field, 'permittedVolumeM3');
    });

    it('refuses a departure once the approval has expired, and outside its hours', async () => {
      const approval = await ok<WasteApprovalView>(
        t.app,
        w.officer,
        'POST',
        '/api/waste/approvals',
        w.approvalBody,
      );
      const m = await openManifest(w, { approvalId: approval.id });
      await step(w, w.site, m.manifest.id, 'submit');
      await ok(t.app, w.officer, 'PUT', `/api/waste/approvals/${approval.id}`, {
        ...w.approvalBody,
        validFrom: dayOffset(-30),
        validTo: dayOffset(-1),
      });
      let res = await step(w, w.site, m.manifest.id, 'sign_departure');
      assert.equal(res.status, 409);
      assert.equal((res.body as unknown as ErrorAnswer).details?.reason, 'approval_expired');
      // Hours that exclude now (a one-minute window twelve hours away).
      const minute = (new Date().getUTCHours() + 8 + 12) % 24;
      const clock = `${String(minute).padStart(2, '0')}:00`;
      const next = `${String(minute).padStart(2, '0')}:01`;
      await ok(t.app, w.officer, 'PUT', `/api/waste/approvals/${approval.id}`, {
        ...w.approvalBody,
        hoursFrom: clock,
        hoursTo: next,
      });
      res = await step(w, w.site, m.manifest.id, 'sign_departure');
      assert.equal(res.status, 409);
      assert.equal((res.body as unknown as ErrorAnswer).details?.reason, 'outside_transport_hours');
    });

    it('refuses manifest content the approval does not allow', async () => {
      const other = await ok<{ id: number }>(
        t.app,
        w.officer,
        'POST',
        '/api/waste/disposal-sites',
        {
          regionCode: '500105',
          name: '未核准消纳场',
          kind: 'landfill',
          capacityM3: 100000,
          fence: squareFence(106.5, 29.62),
        },
      );
      for (const [over, field] of [
        [{ disposalSiteId: other.id }, 'disposalSiteId'],
        [{ wasteType: 'mud' }, 'wasteType'],
        [{ declaredVolumeM3: 13 }, 'declaredVolumeM3'], // the truck carries 12
        [{ alternateSiteId: w.landfillId }, 'alternateSiteId'], // same as the designated
        [{ plannedDate: dayOffset(60) }, 'plannedDate'],
      ] as const) {
        const res = await call<ErrorAnswer>(
          t.app,
          w.site,
          'POST',
          '/api/waste/manifests',
          w.content(over),
        );
        assert.equal(res.status, 400, JSON.stringify(over));
        assert.equal(res.body.details?.field, field);
      }
      // Only the site of the approval opens its manifests.
      assert.equal(
        (await call(t.app, w.transport, 'POST', '/api/waste/manifests', w.content())).status,
        403,
      );
    });
  });
}
