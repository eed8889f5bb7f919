// The S3 figures on a hand-computed set of loads: discharged by departure, received and
// landfilled by receipt, a recycling plant's declared output shared among its loads of the day.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import type { WasteStatistics } from '@citygov/contracts';
import {
  createUser,
  databaseKinds,
  loginAs,
  startTestApp,
  type TestApp,
} from '../../../test-support/harness.ts';
import {
  buildWasteWorld,
  call,
  dayOffset,
  ok,
  openManifest,
  step,
  type WasteWorld,
} from '../waste-test-support.ts';

async function carry(
  w: WasteWorld,
  over: Record<string, unknown>,
  received: { volumeM3: number; by: 'landfill' | 'recycling' } | null,
) {
  const m = await openManifest(w, over);
  const id = m.manifest.id;
  await step(w, w.site, id, 'submit');
  await step(w, w.site, id, 'sign_departure');
  await step(w, w.driver, id, 'sign_pickup');
  if (received) {
    const who = received.by === 'landfill' ? w.disposal : w.alternate;
    const res = await step(w, who, id, 'sign_receipt', { data: { volumeM3: received.volumeM3 } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  return id;
}

for (const kind of databaseKinds()) {
  describe(`waste statistics (${kind})`, () => {
    let t: TestApp;
    let w: WasteWorld;
    const today = dayOffset(0);
    const yesterday = dayOffset(-1);
    const query = `from=${yesterday}&to=${today}`;

    before(async () => {
      t = await startTestApp(kind);
      w = await buildWasteWorld(t);
      const toPlant = { disposalSiteId: w.recyclingId, alternateSiteId: w.landfillId };
      await carry(w, { declaredVolumeM3: 5 }, { volumeM3: 5.5, by: 'landfill' });
      await carry(w, { declaredVolumeM3: 10, ...toPlant }, { volumeM3: 8, by: 'recycling' });
      await carry(w, { declaredVolumeM3: 6, ...toPlant }, { volumeM3: 4, by: 'recycling' });
      await carry(w, { declaredVolumeM3: 4 }, null); // on the road
      const back = await carry(w, { declaredVolumeM3: 3 }, null);
      await step(w, w.disposal, back, 'reject_return', { note: '超标' });
      await step(w, w.site, back, 'sign_return'); // came back: not discharged
      for (const [day, sorted, recycled, landfilled] of [
        [today, 12, 9, 2],
        [yesterday, 3, 2, 1], // a day without loads of the period
      ] as const) {
        await ok(t.app, w.alternate, 'PUT', `/api/waste/disposal-sites/${w.recyclingId}/outputs`, {
          day,
          sortedVolumeM3: sorted,
          recycledVolumeM3: recycled,
          landfilledVolumeM3: landfilled,
        });
      }
      await createUser(t.ctx, {
        username: 'wleader',
        roles: [{ role: 'leader', regionCode: '500103' }],
      });
      await createUser(t.ctx, {
        username: 'wofficer.jb',
        roles: [{ role: 'waste_officer', regionCode: '500105' }],
      });
    });
    after(async () => t.close());

    it('counts discharged, received, landfilled, recycled and sorted volumes by day', async () => {
      const s = await ok<WasteStatistics>(
        t.app,
        w.officer,
        'GET',
        `/api/waste/statistics?${query}&groupBy=day`,
      );
      // discharged 5 + 10 + 6 + 4 (the returned 3 is not); received 5.5 + 8 + 4;
      // landfilled 5.5 at the landfill + 2 residue of the plant; recycled 9 + 2; sorted 12 + 3.
      assert.deepEqual(s.totals, {
        manifestCount: 4,
        dischargedM3: 25,
        receivedM3: 17.5,
        landfilledM3: 8.5,
        recycledM3: 11,
        recyclingRate: 0.6286,
        sortedM3: 15,
        sortedRate: 0.8571,
      });
      const byDay = Object.fromEntries(s.rows.map((r) => [r.key, r]));
      assert.equal(byDay[today]!.dischargedM3, 25);
      assert.equal(byDay[today]!.recycledM3, 9);
      assert.equal(byDay[today]!.recyclingRate, 0.5143); // 9 / 17.5
      assert.equal(byDay[today]!.sortedRate, 0.6857); // 12 / 17.5
      assert.equal(byDay[yesterday]!.receivedM3, 0);
      assert.equal(byDay[yesterday]!.sortedM3, 3);
      assert.equal(byDay[yesterday]!.recyclingRate, null);
    });

    it('shares a plant day among its loads when grouping by disposal site and district', async () => {
      const s = await ok<WasteStatistics>(
        t.app,
        w.officer,
        'GET',
        `/api/waste/statistics?${query}&groupBy=disposalSite`,
      );
      const bySite = Object.fromEntries(s.rows.map((r) => [r.key, r]));
      const landfill = bySite[String(w.landfillId)]!;
      const plant = bySite[String(w.recyclingId)]!;
      assert.equal(landfill.label, '江北区五宝建筑垃圾消纳场');
      assert.deepEqual(
        [landfill.dischargedM3, landfill.receivedM3, landfill.landfilledM3, landfill.recycledM3],
        [9, 5.5, 5.5, 0],
      );
      assert.deepEqual(
        [
          plant.dischargedM3,
          plant.receivedM3,
          plant.landfilledM3,
          plant.recycledM3,
          plant.sortedM3,
        ],
        [16, 12, 3, 11, 15],
      );
      const d = await ok<WasteStatistics>(
        t.app,
        w.officer,
        'GET',
        `/api/waste/statistics?${query}&groupBy=district`,
      );
      const yuzhong = d.rows.find((r) => r.key === '500103')!;
      assert.equal(yuzhong.label, '渝中区');
      assert.equal(yuzhong.recycledM3, 9); // 9 × 8/12 + 9 × 4/12
      assert.equal(yuzhong.landfilledM3, 7.5);
      const unattributed = d.rows.find((r) => r.key === null)!;
      assert.equal(unattributed.sortedM3, 3, "the day without loads belongs to no district's site");
    });

    it('keeps to the caller’s regions and refuses party accounts', async () => {
      const leader = await loginAs(t.app, 'wleader');
      const mine = await ok<WasteStatistics>(
        t.app,
        leader,
        'GET',
        `/api/waste/statistics?${query}`,
      );
      assert.equal(mine.totals.dischargedM3, 25);
      const jiangbei = await loginAs(t.app, 'wofficer.jb');
      const theirs = await ok<WasteStatistics>(
        t.app,
        jiangbei,
        'GET',
        `/api/waste/statistics?${query}`,
      );
      assert.equal(theirs.totals.dischargedM3, 0, 'loads of 渝中区 sites are not 江北区 staff’s');
      assert.equal(
        (await call(t.app, w.site, 'GET', `/api/waste/statistics?${query}`)).status,
        403,
      );
      const bad = await call<{ details: { field: string } }>(
        t.app,
        w.officer,
        'GET',
        `/api/waste/statistics?from=${today}&to=${yesterday}`,
      );
      assert.equal(bad.status, 400);
      assert.equal(bad.body.details.field, 'from');
    });

    it('exports the same figures as XLSX', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/waste/statistics.xlsx?${query}&groupBy=company`,
        headers: w.officer.headers,
      });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /spreadsheetml/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      const last = sheet.getRow(sheet.rowCount);
      assert.equal(last.getCell(1).value, '合计');
      assert.equal(last.getCell(3).value, 25);
      assert.equal(last.getCell(4).value, 17.5);
      assert.equal(sheet.getRow(3).getCell(1).value, '重庆渝运渣土运输有限公司');
    });
  });
}
