// A violation still going on when the server stopped continues after a restart: the new
// monitor adopts the stored row (no second row, no second case) and ends it when the
// condition clears; the thresholds come from the settings table and a bad stored value falls
// back to the defaults.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databaseKinds, startTestApp, type TestApp } from '../../../test-support/harness.ts';
import type { VehiclePosition, VehicleRef } from '../../telematics/index.ts';
import { insertVehicle } from '../../telematics/telematics-test-support.ts';
import { WasteMonitor } from './monitor.ts';
import {
  defaultMonitoringSettings,
  MONITORING_SETTINGS_KEY,
  readMonitoringSettings,
  writeMonitoringSettings,
} from './monitoring-settings.ts';
import { monitoringDb } from './monitoring-tables.ts';
import { seedWasteFixture, type WasteFixture } from './monitoring-test-support.ts';

const PHONE = '13800000031';
const PLATE = '渝A0M031';
const quiet = { error: () => {}, info: () => {} };

for (const kind of databaseKinds()) {
  describe(`waste monitor across a restart (${kind})`, () => {
    let t: TestApp;
    let fixture: WasteFixture;
    let vehicle: VehicleRef;

    before(async () => {
      t = await startTestApp(kind);
      fixture = await seedWasteFixture(t.ctx.db, { plate: PLATE, terminalPhone: PHONE });
      const id = await insertVehicle(t.ctx.db, { plate: PLATE, terminalPhone: PHONE });
      vehicle = { id, plate: PLATE, terminalPhone: PHONE, regionCode: '500103', company: null };
    });
    after(async () => {
      await t?.close();
    });

    const position = (at: number, statusBits: number): VehiclePosition => ({
      vehicleId: vehicle.id,
      recordedAt: new Date(at),
      receivedAt: new Date(at),
      lat: 29.53,
      lon: 106.6,
      speedKmh: 30,
      direction: 90,
      altitudeM: 240,
      alarmBits: 0,
      statusBits,
      isBlindArea: false,
      source: 'jt808',
      extras: null,
      regionCode: '500103',
    });

    it('adopts the ongoing violation, then ends that same row', async () => {
      const started = Date.now() - 600_000;
      const { id } = await monitoringDb(t.ctx.db)
        .insertInto('waste_violations')
        .values({
          region_code: '500103',
          rule: 'cover_open',
          truck_id: fixture.truckId,
          vehicle_id: vehicle.id,
          plate: PLATE,
          company_id: fixture.companyId,
          manifest_id: null,
          started_at: new Date(started),
          ended_at: null,
          lat: 29.53,
          lon: 106.6,
          evidence: JSON.stringify({
            positions: [
              {
                recordedAt: new Date(started).toISOString(),
                lat: 29.53,
                lon: 106.6,
                speedKmh: 30,
                direction: 90,
                alarmBits: 0,
                statusBits: 0b11 | (0b11 << 8) | (1 << 17),
              },
            ],
            positionCount: 1,
            facts: { statusBit: 17 },
          }),
          case_id: 777,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const monitor = new WasteMonitor(t.ctx, quiet);
      await monitor.start();
      try {
        // Still open, loaded (sensor): the stored violation goes on.
        const open = 0b11 | (0b11 << 8) | (1 << 17);
        for (let i = 0; i < 3; i++)
          monitor.handle(vehicle, position(started + 400_000 + i * 10_000, open));
        // Closed for longer than endAfterSeconds (60 s): it ends.
        const closed = 0b11 | (0b11 << 8);
        for (let i = 0; i < 9; i++)
          monitor.handle(vehicle, position(started + 440_000 + i * 10_000, closed));
        await monitor.writer.drain();
      } finally {
        await monitor.stop();
      }
      const rows = await monitoringDb(t.ctx.db)
        .selectFrom('waste_violations')
        .selectAll()
        .where('vehicle_id', '=', vehicle.id)
        .execute();
      assert.equal(rows.length, 1, 'no second row for the same ongoing violation');
      const [row] = rows;
      assert.equal(Number(row!.id), Number(id));
      assert.equal(Number(row!.case_id), 777, 'the case it had stays, no new one');
      assert.equal(row!.ended_at?.getTime(), started + 440_000);
      assert.equal(row!.evidence.positionCount, 1 + 3 + 1);
      assert.equal(row!.evidence.positions[0] !== undefined, true);
    });

    it('reads the thresholds from the settings table, ignoring a value that does not check', async () => {
      // As the fixture stored them (no night ban), then as changed here.
      assert.deepEqual(await readMonitoringSettings(t.ctx.db), {
        ...defaultMonitoringSettings,
        nightBan: null,
      });
      await writeMonitoringSettings(t.ctx.db, { ...defaultMonitoringSettings, overspeedKmh: 50 });
      assert.equal((await readMonitoringSettings(t.ctx.db)).overspeedKmh, 50);
      await t.ctx.db
        .updateTable('settings')
        .set({ value: JSON.stringify({ overspeedKmh: 'fast' }) })
        .where('key', '=', MONITORING_SETTINGS_KEY)
        .execute();
      assert.deepEqual(await readMonitoringSettings(t.ctx.db), defaultMonitoringSettings);
    });
  });
}
