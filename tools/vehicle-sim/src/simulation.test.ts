import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  ALARM_BITS,
  decodeMessage,
  encodeMessageFrame,
  Jt808StreamDecoder,
  readStatusFlags,
  type Jt808Header,
  type Jt808MessageInput,
} from '@citygov/jt808';
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

/** A minimal platform: registers anyone, accepts any code, answers every message. */
async function startFakePlatform() {
  const received = { locations: 0, blindArea: 0, batches: 0, registers: 0 };
  const server = net.createServer((socket) => {
    const decoder = new Jt808StreamDecoder();
    let serial = 0;
    const send = (header: Jt808Header, message: Jt808MessageInput) =>
      socket.write(
        encodeMessageFrame(
          { phone: header.phone, serial: serial++, version: header.version },
          message,
        ),
      );
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      for (const result of decoder.push(chunk)) {
        if (result.type !== 'packet') continue;
        const { header } = result.packet;
        const reply = (result_: number) =>
          send(header, {
            kind: 'platformGeneralReply',
            reply: {
              replySerial: header.serial,
              replyMessageId: header.messageId,
              result: result_,
            },
          });
        const decoded = decodeMessage(result.packet);
        assert.equal(decoded.type, 'message', 'the simulator sends well-formed frames');
        if (decoded.type !== 'message') continue;
        const { message } = decoded;
        if (message.kind === 'register') {
          received.registers++;
          send(header, {
            kind: 'registerReply',
            reply: { replySerial: header.serial, result: 0, authCode: `code-${header.phone}` },
          });
        } else if (message.kind === 'location') {
          received.locations++;
          reply(0);
        } else if (message.kind === 'locationBatch') {
          received.batches++;
          if (message.batch.type === 1) received.blindArea += message.batch.locations.length;
          else received.locations += message.batch.locations.length;
          reply(0);
        } else {
          reply(0);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

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
