import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALARM_BITS, readStatusFlags } from '@citygov/jt808';
import { startFakePlatform } from './fake-platform.ts';
import { generateSites } from './places.ts';
import { createRandom } from './random.ts';
import { lastNightStartMs, plateOf, runSimulation } from './simulation.ts';
import { COVER_OPEN_STATUS_BIT, TruckMotion } from './truck-motion.ts';

const inChongqing = (lat: number, lon: number) =>
  lat >= 28.16 && lat <= 32.2 && lon >= 105.29 && lon <= 110.19;

describe('truck motion', () => {
  it('stays in Chongqing and shows each violation only when its rate is above zero', () => {
    const sites = generateSites(createRandom(1));
    const count = (rates: {
      overspeedRate: number;
      coverOpenRate: number;
      offRouteRate: number;
    }) => {
      const seen = { overspeed: 0, coverOpen: 0, offRoute: 0, loaded: 0, outside: 0 };
      for (let truck = 0; truck < 10; truck++) {
        const motion = new TruckMotion(createRandom(100 + truck), sites, rates);
        for (let step = 0; step < 2000; step++) {
          const state = motion.step(10);
          if (!inChongqing(state.lat, state.lon)) seen.outside++;
          if (state.alarmBits & (1 << ALARM_BITS.overspeed)) seen.overspeed++;
          if (state.alarmBits & (1 << ALARM_BITS.routeDeviation)) seen.offRoute++;
          if (state.statusBits & (1 << COVER_OPEN_STATUS_BIT)) seen.coverOpen++;
          if (readStatusFlags(state.statusBits).load === 'full') seen.loaded++;
        }
      }
      return seen;
    };
    const clean = count({ overspeedRate: 0, coverOpenRate: 0, offRouteRate: 0 });
    assert.deepEqual(
      [clean.overspeed, clean.coverOpen, clean.offRoute, clean.outside],
      [0, 0, 0, 0],
    );
    assert.ok(clean.loaded > 0);
    const unruly = count({ overspeedRate: 1, coverOpenRate: 1, offRouteRate: 1 });
    assert.ok(
      unruly.overspeed > 0 && unruly.coverOpen > 0 && unruly.offRoute > 0,
      JSON.stringify(unruly),
    );
    assert.equal(unruly.outside, 0);
  });

  it('gives every truck its own plate and finds the last night start', () => {
    const plates = new Set(Array.from({ length: 50_000 }, (_, i) => plateOf(i)));
    assert.equal(plates.size, 50_000);
    assert.equal(plateOf(0), '渝A00000');
    // 2026-03-01 09:00 Beijing → 2026-02-28 22:00 Beijing.
    const nine = Date.parse('2026-03-01T09:00:00+08:00');
    assert.equal(lastNightStartMs(nine), Date.parse('2026-02-28T22:00:00+08:00'));
    const late = Date.parse('2026-03-01T23:15:00+08:00');
    assert.equal(lastNightStartMs(late), Date.parse('2026-03-01T22:00:00+08:00'));
  });
});

describe('simulation', () => {
  it('sends positions and blind-area batches that the platform acknowledges one for one', async () => {
    const platform = await startFakePlatform();
    try {
      const result = await runSimulation({
        trucks: 8,
        host: '127.0.0.1',
        port: platform.port,
        intervalSeconds: 0.02,
        durationSeconds: 2,
        outageRate: 0.05,
        outagePositions: [3, 5],
        rampSeconds: 0.2,
      });
      assert.equal(result.online, 8);
      assert.equal(platform.received.registers, 8);
      assert.ok(result.positionsSent > 400, `sent ${result.positionsSent}`);
      assert.ok(result.blindAreaBatches > 0);
      assert.equal(result.positionsAcked + result.unanswered, result.positionsSent);
      assert.equal(result.unanswered, 0);
      assert.equal(platform.received.locations + platform.received.blindArea, result.positionsSent);
      assert.equal(platform.received.blindArea, result.blindAreaPositions);
    } finally {
      await platform.close();
    }
  });
});
