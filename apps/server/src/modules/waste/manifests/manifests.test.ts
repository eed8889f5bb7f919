// Manifests after DOMAIN.md "Construction-waste manifests": signing order, server-side
// signature times, whole edits only before the first signature, corrections as versions,
// discrepancies over the configured share, rejection to the alternate site or back, audit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ManifestDetail } from '@citygov/contracts';
import { databaseKinds, startTestApp, type TestApp } from '../../../test-support/harness.ts';
import {
  buildWasteWorld,
  call,
  ok,
  openManifest,
  step,
  type WasteWorld,
} from '../waste-test-support.ts';
import { escalateDiscrepancies } from './discrepancy.ts';

/** Opens a manifest and takes it through departure and pickup. */
async function inTransit(w: WasteWorld, over = {}) {
  const m = await openManifest(w, over);
  const id = m.manifest.id;
  for (const [who, action] of [
    [w.site, 'submit'],
    [w.site, 'sign_departure'],
    [w.driver, 'sign_pickup'],
  ] as const) {
    const res = await step(w, who, id, action);
    assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
  }
  return id;
}

for (const kind of databaseKinds()) {
  describe(`waste manifests (${kind})`, () => {
    let t: TestApp;
    let w: WasteWorld;
    before(async () => {
      t = await startTestApp(kind);
      w = await buildWasteWorld(t);
    });
    after(async () => t.close());

    it('is signed in order: site at departure, driver at pickup, disposal site at receipt', async () => {
      const m = await openManifest(w);
      const id = m.manifest.id;
      assert.equal(m.manifest.status, 'draft');
      assert.match(m.manifest.manifestNo, /^500103-\d{8}-\d{4}$/);
      await step(w, w.site, id, 'submit');
      // Nobody signs out of turn.
      let res = await step(w, w.driver, id, 'sign_pickup');
      assert.equal(res.status, 409);
      assert.equal(res.body.code, 'state_conflict');
      res = await step(w, w.disposal, id, 'sign_receipt', { data: { volumeM3: 5 } });
      assert.equal(res.status, 409);
      const beforeSigning = Date.now();
      res = await step(w, w.site, id, 'sign_departure');
      assert.equal(res.status, 200);
      assert.equal(res.body.manifest.status, 'scheduled');
      res = await step(w, w.disposal, id, 'sign_receipt', { data: { volumeM3: 5 } });
      assert.equal(res.status, 409, 'the receiver cannot sign before the transporter');
      res = await step(w, w.driver, id, 'sign_pickup');
      assert.equal(res.body.manifest.status, 'in_transit');
      res = await step(w, w.disposal, id, 'sign_receipt', { data: { volumeM3: 5.2 } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const done = res.body;
      assert.equal(done.manifest.status, 'signed');
      assert.equal(done.manifest.receivedVolumeM3, 5.2);
      assert.equal(done.manifest.receivedSite?.id, w.landfillId);
      assert.deepEqual(
        done.signatures.map((s) => [s.role, s.partyKind, s.partyId]),
        [
          ['generator', 'construction_site', w.siteId],
          ['transporter', 'company', w.companyId],
          ['receiver', 'disposal_site', w.landfillId],
        ],
      );
      assert.equal(done.signatures[1]!.driverId, w.driverId);
      assert.equal(done.signatures[2]!.volumeM3, 5.2);
      // Signature times are the server's, in order, taken during this test.
      const times = done.signatures.map((s) => Date.parse(s.signedAt));
      assert.ok(times.every((time) => time >= beforeSigning - 1000 && time <= Date.now() + 1000));
      assert.deepEqual(
        [...times].sort((a, b) => a - b),
        times,
      );
      assert.deepEqual(
        done.workflow.history.map((h) => h.action),
        ['start', 'submit', 'sign_departure', 'sign_pickup', 'sign_receipt'],
      );
    });

    it('refuses a signature time sent by the client', async () => {
      const m = await openManifest(w);
      await step(w, w.site, m.manifest.id, 'submit');
      const res = await step(w, w.site, m.manifest.id, 'sign_departure', {
        data: { signedAt: '2020-01-01T00:00:00Z' },
      });
      assert.equal(res.status, 400);
      const raw = await call(
        t.app,
        w.site,
        'POST',
        `/api/waste/manifests/${m.manifest.id}/actions/sign_departure`,
        {
          signedAt: '2020-01-01T00:00:00Z',
        },
      );
      assert.equal(raw.status, 400);
    });

    it('lets only the organisation whose step it is sign', async () => {
      const id = await inTransit(w);
      // The alternate plant is not where this load is headed.
      let res = await step(w, w.alternate, id, 'sign_receipt', { data: { volumeM3: 5 } });
      assert.equal(res.status, 403);
      // The transport company cannot sign for the disposal site, nor the site for the driver.
      res = await step(w, w.transport, id, 'sign_receipt', { data: { volumeM3: 5 } });
      assert.equal(res.status, 403);
      // A construction-site account of another site does not see the manifest at all.
      const { createUser, loginAs } = await import('../../../test-support/harness.ts');
      await createUser(t.ctx, {
        username: 'othersite',
        kind: 'enterprise',
        roles: [{ role: 'waste_site', regionCode: '500000' }],
      });
      const other = await loginAs(t.app, 'othersite');
      assert.equal((await call(t.app, other, 'GET', `/api/waste/manifests/${id}`)).status, 404);
      assert.equal((await step(w, other, id, 'arrive')).status, 404);
      // The detail lists only the caller's own steps.
      const seen = await ok<ManifestDetail>(t.app, w.disposal, 'GET', `/api/waste/manifests/${id}`);
      assert.deepEqual(seen.workflow.actions.map((a) => a.name).sort(), [
        'arrive',
        'reject_return',
        'reject_to_alternate',
        'sign_receipt',
      ]);
      const bySite = await ok<ManifestDetail>(t.app, w.site, 'GET', `/api/waste/manifests/${id}`);
      assert.deepEqual(bySite.workflow.actions, []);
    });

    it('is edited whole only before the first signature, each edit a version', async () => {
      const m = await openManifest(w);
      const id = m.manifest.id;
      const edited = await ok<ManifestDetail>(
        t.app,
        w.site,
        'PUT',
        `/api/waste/manifests/${id}`,
        w.content({ declaredVolumeM3: 8, wasteType: 'construction' }),
      );
      assert.equal(edited.manifest.declaredVolumeM3, 8);
      assert.equal(edited.manifest.wasteType, 'construction');
      assert.deepEqual(
        edited.versions.map((v) => [v.version, v.kind, v.status]),
        [
          [1, 'original', 'superseded'],
          [2, 'edit', 'current'],
        ],
      );
      // A transport account may not edit the site's manifest.
      assert.equal(
        (await call(t.app, w.transport, 'PUT', `/api/waste/manifests/${id}`, w.content())).status,
        403,
      );
      await step(w, w.site, id, 'submit');
      await step(w, w.site, id, 'sign_departure');
      const late = await call<{ code: string }>(
        t.app,
        w.site,
        'PUT',
        `/api/waste/manifests/${id}`,
        w.content({ declaredVolumeM3: 6 }),
      );
      assert.equal(late.status, 409);
      assert.equal(late.body.code, 'state_conflict');
      const after = await ok<ManifestDetail>(t.app, w.site, 'GET', `/api/waste/manifests/${id}`);
      assert.equal(after.manifest.declaredVolumeM3, 8);
      assert.equal(after.manifest.isLocked, true);
    });

    it('corrects a signed manifest as a new version, one open at a time, accepted or reverted', async () => {
      const id = await inTransit(w);
      await step(w, w.disposal, id, 'sign_receipt', { data: { volumeM3: 5 } });
      const body = {
        content: w.content({ declaredVolumeM3: 6 }),
        receivedVolumeM3: 6.1,
        reason: '地磅复核',
      };
      const opened = await ok<ManifestDetail>(
        t.app,
        w.disposal,
        'POST',
        `/api/waste/manifests/${id}/corrections`,
        body,
      );
      assert.equal(opened.manifest.status, 'under_correction');
      assert.equal(
        opened.manifest.declaredVolumeM3,
        5,
        'nothing changes until the correction is accepted',
      );
      assert.equal(opened.versions.at(-1)!.status, 'open');
      const second = await call(
        t.app,
        w.site,
        'POST',
        `/api/waste/manifests/${id}/corrections`,
        body,
      );
      assert.equal(second.status, 409, 'one correction open at a time');
      let res = await step(w, w.site, id, 'accept_correction');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.manifest.status, 'corrected');
      assert.equal(res.body.manifest.declaredVolumeM3, 6);
      assert.equal(res.body.manifest.receivedVolumeM3, 6.1);
      assert.equal(res.body.manifest.version, 2);
      assert.deepEqual(
        res.body.versions.map((v) => v.status),
        ['superseded', 'current'],
      );
      // A second correction, withdrawn: the manifest stays as corrected.
      await ok(t.app, w.site, 'POST', `/api/waste/manifests/${id}/corrections`, {
        ...body,
        content: w.content({ declaredVolumeM3: 9 }),
        reason: '误报',
      });
      assert.equal(
        (await step(w, w.site, id, 'revert_correction')).status,
        409,
        'never-corrected revert is not this one',
      );
      res = await step(w, w.site, id, 'revert_to_corrected');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.manifest.status, 'corrected');
      assert.equal(res.body.manifest.declaredVolumeM3, 6);
      assert.deepEqual(
        res.body.versions.map((v) => v.status),
        ['superseded', 'current', 'reverted'],
      );
    });

    it('flags a received volume more than 10% off, or another waste type, and not 8%', async () => {
      const over = await inTransit(w);
      let res = await step(w, w.disposal, over, 'sign_receipt', { data: { volumeM3: 5.6 } });
      assert.equal(res.body.manifest.hasDiscrepancy, true);
      assert.deepEqual(res.body.manifest.discrepancyKinds, ['quantity']);
      assert.equal(res.body.manifest.discrepancyRatio, 0.12);
      const near = await inTransit(w);
      res = await step(w, w.disposal, near, 'sign_receipt', { data: { volumeM3: 4.6 } });
      assert.equal(res.body.manifest.hasDiscrepancy, false, '8% under is within 10%');
      const typed = await inTransit(w);
      res = await step(w, w.disposal, typed, 'sign_receipt', {
        data: { volumeM3: 5, wasteType: 'demolition' },
      });
      assert.deepEqual(res.body.manifest.discrepancyKinds, ['type']);
      // The site resolves it; the answer records how.
      const resolved = await ok<ManifestDetail>(
        t.app,
        w.site,
        'POST',
        `/api/waste/manifests/${typed}/discrepancy/resolve`,
        { resolution: '现场核实为拆除垃圾，已补办核准' },
      );
      assert.ok(resolved.manifest.discrepancyResolvedAt);
      assert.equal(
        (
          await call(t.app, w.site, 'POST', `/api/waste/manifests/${typed}/discrepancy/resolve`, {
            resolution: 'again',
          })
        ).status,
        409,
      );
    });

    it('takes the threshold from the settings', async () => {
      const put = await call(t.app, w.officer, 'PUT', '/api/waste/settings', {
        discrepancyPercent: 15,
        discrepancyEscalationDays: 15,
      });
      assert.equal(put.status, 200);
      const id = await inTransit(w);
      const res = await step(w, w.disposal, id, 'sign_receipt', { data: { volumeM3: 5.6 } });
      assert.equal(res.body.manifest.hasDiscrepancy, false, '12% is within 15%');
      await call(t.app, w.officer, 'PUT', '/api/waste/settings', {
        discrepancyPercent: 10,
        discrepancyEscalationDays: 15,
      });
      assert.equal(
        (
          await call(t.app, w.site, 'PUT', '/api/waste/settings', {
            discrepancyPercent: 50,
            discrepancyEscalationDays: 1,
          })
        ).status,
        403,
      );
    });

    it('sends a discrepancy unresolved for 15 days to the regulator', async () => {
      const id = await inTransit(w);
      await step(w, w.disposal, id, 'sign_receipt', { data: { volumeM3: 8 } });
      const day = 86_400_000;
      assert.equal(await escalateDiscrepancies(t.ctx.db, new Date(Date.now() + 14 * day)), 0);
      const escalated = await escalateDiscrepancies(t.ctx.db, new Date(Date.now() + 16 * day));
      assert.ok(escalated >= 1);
      const m = await ok<ManifestDetail>(t.app, w.officer, 'GET', `/api/waste/manifests/${id}`);
      assert.ok(m.manifest.discrepancyEscalatedAt);
      const officerId = w.officer.userId;
      const inbox = await t.ctx.db
        .selectFrom('notifications')
        .select('title')
        .where('user_id', '=', officerId)
        .execute();
      assert.ok(inbox.some((n) => n.title.includes(m.manifest.manifestNo)));
    });

    it('sends a rejected load to the alternate site, then back to the construction site', async () => {
      const id = await inTransit(w);
      let res = await step(w, w.disposal, id, 'reject_to_alternate');
      assert.equal(res.status, 400, 'a rejection needs its reason');
      res = await step(w, w.disposal, id, 'reject_to_alternate', {
        note: '含生活垃圾，不符合消纳要求',
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.manifest.status, 'in_transit');
      assert.equal(res.body.manifest.destinationSite?.id, w.recyclingId);
      assert.equal(res.body.manifest.rejectionCount, 1);
      // The landfill that refused it can no longer sign; the alternate can.
      assert.equal(
        (await step(w, w.disposal, id, 'sign_receipt', { data: { volumeM3: 5 } })).status,
        403,
      );
      const seen = await ok<ManifestDetail>(
        t.app,
        w.alternate,
        'GET',
        `/api/waste/manifests/${id}`,
      );
      assert.ok(
        !seen.workflow.actions.some((a) => a.name === 'reject_to_alternate'),
        'no alternate left',
      );
      assert.equal(
        (await step(w, w.alternate, id, 'reject_to_alternate', { note: 'x' })).status,
        409,
      );
      res = await step(w, w.alternate, id, 'reject_return', { note: '无法处理' });
      assert.equal(res.body.manifest.status, 'returning');
      assert.equal(res.body.manifest.destinationSite, null);
      const used = async () =>
        (
          await ok<{ usedVolumeM3: number }>(
            t.app,
            w.officer,
            'GET',
            `/api/waste/approvals/${w.approvalId}`,
          )
        ).usedVolumeM3;
      const before = await used();
      res = await step(w, w.site, id, 'sign_return');
      assert.equal(res.body.manifest.status, 'returned');
      assert.equal(await used(), before - 5, 'the returned load gives its volume back');
      assert.deepEqual(
        res.body.signatures.map((s) => s.role),
        ['generator', 'transporter', 'rejection', 'rejection', 'return'],
      );
    });

    it('audits every step', async () => {
      const id = await inTransit(w);
      await step(w, w.disposal, id, 'sign_receipt', { data: { volumeM3: 5 } });
      const entries = await t.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject_type', '=', 'waste_manifest')
        .where('subject_id', '=', String(id))
        .orderBy('id')
        .execute();
      const actions = entries.map((e) => e.action);
      for (const a of [
        'waste.manifest.create',
        'submit',
        'sign_departure',
        'sign_pickup',
        'sign_receipt',
      ]) {
        assert.ok(
          actions.some((x) => x.endsWith(a)),
          `${a} audited: ${actions.join(', ')}`,
        );
      }
    });
  });
}
