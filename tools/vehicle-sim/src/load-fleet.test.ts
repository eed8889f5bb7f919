import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startFakePlatform } from './fake-platform.ts';
import { LoadFleet, type LoadTruck } from './load-fleet.ts';

const site = (id: string, kind: 'construction' | 'disposal', lat: number, lon: number) => ({
  id,
  kind,
  districtCode: '500103',
  lat,
  lon,
});

function trucks(count: number): LoadTruck[] {
  const from = site('C1', 'construction', 29.55, 106.55);
  const to = site('D1', 'disposal', 29.56, 106.58);
  return Array.from({ length: count }, (_, i) => ({
    phone: String(13_500_000_000 + i),
    plate: `渝A1${String(i).padStart(4, '0')}`,
    districtCode: '500103',
    terminalId: `T${i}`,
    route: { from, to, path: [from, { lat: 29.565, lon: 106.565 }, to] },
  }));
}

const reporting = { batchPositions: 5, window: 2, stepSeconds: 10, outageRate: 0 };

describe('load fleet', () => {
  it('keeps at most `window` batches unanswered per truck, and every position is answered', async () => {
    const platform = await startFakePlatform({ replyEveryMs: 30 });
    const fleet = new LoadFleet({ trucks: trucks(4), host: '127.0.0.1', port: platform.port });
    try {
      assert.equal(await fleet.connect(10_000), 4);
      fleet.startReporting({ ...reporting, clockStartMs: Date.now() - 3_600_000 });
      await new Promise((resolve) => setTimeout(resolve, 500));
      fleet.stopReporting();
      assert.equal(await fleet.drain(5_000), 0);
      const totals = fleet.snapshot();
      assert.ok(totals.positionsSent >= 4 * 2 * 5 * 3, `sent ${totals.positionsSent}`);
      assert.equal(totals.positionsAcked, totals.positionsSent);
      assert.equal(platform.received.locations, totals.positionsSent);
      assert.deepEqual([...platform.received.normalBatchSizes.keys()], [5]);
      assert.equal(platform.received.maxUnanswered, 2);
    } finally {
      fleet.close();
      await platform.close();
    }
  });

  it('re-sends what it kept out of coverage as blind-area batches, all of it answered', async () => {
    const platform = await startFakePlatform();
    const fleet = new LoadFleet({ trucks: trucks(3), host: '127.0.0.1', port: platform.port });
    try {
      await fleet.connect(10_000);
      fleet.startReporting({
        ...reporting,
        outageRate: 0.05,
        clockStartMs: Date.now() - 3_600_000,
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      fleet.stopReporting();
      await fleet.drain(5_000);
      const totals = fleet.snapshot();
      assert.ok(totals.blindAreaPositions > 0);
      assert.equal(platform.received.blindArea, totals.blindAreaPositions);
      assert.equal(platform.received.locations + platform.received.blindArea, totals.positionsSent);
      assert.equal(totals.positionsAcked, totals.positionsSent);
    } finally {
      fleet.close();
      await platform.close();
    }
  });
});
