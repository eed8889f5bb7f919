// The JT/T 808 gateway over real TCP on 127.0.0.1, storing into a real database.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeCheck, encodeFrame, GeneralReplyResult, RegisterResult } from '@citygov/jt808';
import { registry } from '../../platform/http/metrics.ts';
import { databaseKinds } from '../../test-support/harness.ts';
import { getPositionPipeline } from './runtime.ts';
import {
  insertVehicle,
  locationAgo,
  startGatewayTestApp,
  storedPositions,
  TestTerminal,
  type GatewayTestApp,
} from './telematics-test-support.ts';

async function metricValue(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) return 0;
  const { values } = await metric.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))
    .reduce((sum, v) => sum + v.value, 0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of databaseKinds()) {
  describe(`JT/T 808 gateway (${kind})`, () => {
    let t: GatewayTestApp;
    const terminals: TestTerminal[] = [];
    const connect = async (phone: string, version: 2013 | 2019 = 2013) => {
      const terminal = await TestTerminal.connect(t.port, phone, version);
      terminals.push(terminal);
      return terminal;
    };

    before(async () => {
      t = await startGatewayTestApp(kind);
    });
    after(async () => {
      for (const terminal of terminals) terminal.close();
      await t.close();
    });

    it('stores a location with its coordinates and times after register and authenticate', async () => {
      const vehicleId = await insertVehicle(t.ctx.db, {
        plate: '渝A10001',
        terminalPhone: '13900010001',
      });
      const terminal = await connect('13900010001');
      const authCode = await terminal.logIn('渝A10001');
      assert.match(authCode, /^[A-Za-z0-9_-]{16}$/);
      const location = locationAgo(90, {
        latitude: 29.556123,
        longitude: 106.568456,
        speedKmh: 41.3,
        direction: 271,
        extras: { mileageKm: 1234.5, satellites: 12 },
      });
      const before = Date.now();
      const reply = await terminal.replyTo(terminal.send({ kind: 'location', location }));
      assert.equal(reply.result, GeneralReplyResult.ok);
      assert.equal(reply.replyMessageId, 0x0200);
      // Answered once stored: the row is there now.
      const rows = await storedPositions(t.ctx.db, vehicleId);
      assert.equal(rows.length, 1);
      const row = rows[0]!;
      assert.equal(row.lat, 29.556123);
      assert.equal(row.lon, 106.568456);
      assert.equal(row.recorded_at.getTime(), location.time.getTime());
      assert.ok(
        row.received_at.getTime() >= before - 1000 && row.received_at.getTime() <= Date.now(),
      );
      assert.equal(Math.round(row.speed_kmh * 10), 413);
      assert.equal(row.direction, 271);
      assert.equal(row.region_code, '500103');
      assert.equal(row.source, 'jt808');
      assert.equal(row.is_blind_area, false);
      assert.deepEqual(row.extras, { mileageKm: 1234.5, satellites: 12 });
      const vehicle = await t.ctx.db
        .selectFrom('vehicles')
        .select(['registered_at', 'authenticated_at', 'terminal_model'])
        .where('id', '=', vehicleId)
        .executeTakeFirstOrThrow();
      assert.ok(vehicle.registered_at !== null && vehicle.authenticated_at !== null);
      assert.equal(vehicle.terminal_model, 'T-808');
    });

    it('speaks the 2019 header version back to a 2019 terminal', async () => {
      const vehicleId = await insertVehicle(t.ctx.db, {
        plate: '渝A10002',
        terminalPhone: '13900010002',
      });
      const terminal = await connect('13900010002', 2019);
      await terminal.logIn('渝A10002');
      const serial = terminal.send({ kind: 'location', location: locationAgo(30) });
      const { header } = await terminal.expect(
        (r) => r.message.kind === 'platformGeneralReply' && r.message.reply.replySerial === serial,
      );
      assert.equal(header.version, 2019);
      assert.equal((await storedPositions(t.ctx.db, vehicleId)).length, 1);
    });

    it('answers 4 (no such terminal) to an unknown terminal when auto-registration is off', async () => {
      const terminal = await connect('13900019999');
      const serial = terminal.send({
        kind: 'register',
        register: {
          provinceId: 50,
          cityId: 103,
          manufacturerId: 'X',
          terminalModel: 'Y',
          terminalId: 'Z',
          plateColor: 2,
          plate: '渝A99999',
          vin: null,
        },
      });
      const { message } = await terminal.expect((r) => r.message.kind === 'registerReply');
      assert.ok(message.kind === 'registerReply');
      assert.equal(message.reply.replySerial, serial);
      assert.equal(message.reply.result, RegisterResult.noTerminal);
      assert.equal(message.reply.authCode, null);
    });

    it('refuses a wrong auth code with result 1 and closes the connection', async () => {
      await insertVehicle(t.ctx.db, { plate: '渝A10003', terminalPhone: '13900010003' });
      const terminal = await connect('13900010003');
      await terminal.logIn('渝A10003');
      terminal.close();
      const other = await connect('13900010003');
      const reply = await other.replyTo(
        other.send({
          kind: 'authenticate',
          authentication: { authCode: 'not-the-code', imei: null, softwareVersion: null },
        }),
      );
      assert.equal(reply.result, GeneralReplyResult.fail);
      await other.closed;
    });

    it('answers a location before authentication with result 1 and stores nothing', async () => {
      const vehicleId = await insertVehicle(t.ctx.db, {
        plate: '渝A10004',
        terminalPhone: '13900010004',
      });
      const terminal = await connect('13900010004');
      const reply = await terminal.replyTo(
        terminal.send({ kind: 'location', location: locationAgo(10) }),
      );
      assert.equal(reply.result, GeneralReplyResult.fail);
      assert.equal(reply.replyMessageId, 0x0200);
      await sleep(300);
      await getPositionPipeline(t.ctx).flush();
      assert.equal((await storedPositions(t.ctx.db, vehicleId)).length, 0);
    });

    it('answers a frame with a bad check with result 2 and counts it', async () => {
      await insertVehicle(t.ctx.db, { plate: '渝A10005', terminalPhone: '13900010005' });
      const terminal = await connect('13900010005');
      await terminal.logIn('渝A10005');
      const counted = await metricValue('citygov_jt808_frame_errors_total', {
        kind: 'bad_check',
        action: 'answered',
      });
      const { frame, serial } = terminal.frame({ kind: 'heartbeat' });
      // Heartbeat of serial < 0x7D: no escaped byte, the check is the byte before the end flag.
      assert.equal(frame.length, 15);
      frame[13] = frame[13]! ^ 0x01;
      assert.notEqual(frame[13], 0x7e);
      assert.notEqual(frame[13], 0x7d);
      terminal.writeRaw(frame);
      const reply = await terminal.replyTo(serial);
      assert.equal(reply.result, GeneralReplyResult.badMessage);
      assert.equal(reply.replyMessageId, 0x0002);
      assert.equal(
        await metricValue('citygov_jt808_frame_errors_total', {
          kind: 'bad_check',
          action: 'answered',
        }),
        counted + 1,
      );
      // The connection goes on.
      const next = await terminal.replyTo(terminal.send({ kind: 'heartbeat' }));
      assert.equal(next.result, GeneralReplyResult.ok);
    });

    it('answers an unsupported message id with result 3, a heartbeat with 0', async () => {
      await insertVehicle(t.ctx.db, { plate: '渝A10006', terminalPhone: '13900010006' });
      const terminal = await connect('13900010006');
      await terminal.logIn('渝A10006');
      // 0x0900 (data uplink pass-through): valid frame, a message we do not handle.
      terminal.writeRaw(
        encodeFrame({ messageId: 0x0900, phone: '13900010006', serial: 4000 }, Buffer.from([1, 2])),
      );
      const reply = await terminal.replyTo(4000);
      assert.equal(reply.result, GeneralReplyResult.unsupported);
      assert.equal(reply.replyMessageId, 0x0900);
      const heartbeat = await terminal.replyTo(terminal.send({ kind: 'heartbeat' }));
      assert.equal(heartbeat.result, GeneralReplyResult.ok);
    });

    it('drops frames with a bad escape or a wrong length without answering, and counts them', async () => {
      await insertVehicle(t.ctx.db, { plate: '渝A10007', terminalPhone: '13900010007' });
      const terminal = await connect('13900010007');
      await terminal.logIn('渝A10007');
      const escapes = await metricValue('citygov_jt808_frame_errors_total', {
        kind: 'bad_escape',
        action: 'dropped',
      });
      const lengths = await metricValue('citygov_jt808_frame_errors_total', {
        kind: 'bad_length',
        action: 'dropped',
      });
      const { frame: heartbeat } = terminal.frame({ kind: 'heartbeat' });
      // 0x7D followed by 0x05 is no escape.
      const badEscape = Buffer.concat([
        heartbeat.subarray(0, 5),
        Buffer.from([0x7d, 0x05]),
        heartbeat.subarray(5),
      ]);
      // Properties say 5 body bytes; none follow (check recomputed so only the length is wrong).
      const plain = Buffer.from(heartbeat.subarray(1, heartbeat.length - 2));
      plain[3] = 5;
      const wrongLength = Buffer.concat([
        Buffer.from([0x7e]),
        plain,
        Buffer.from([computeCheck(plain), 0x7e]),
      ]);
      terminal.writeRaw(Buffer.concat([badEscape, wrongLength]));
      const after = await terminal.replyTo(terminal.send({ kind: 'heartbeat' }));
      assert.equal(after.result, GeneralReplyResult.ok);
      // Only the heartbeat was answered.
      assert.equal(terminal.received.length, 0);
      assert.equal(
        await metricValue('citygov_jt808_frame_errors_total', {
          kind: 'bad_escape',
          action: 'dropped',
        }),
        escapes + 1,
      );
      assert.equal(
        await metricValue('citygov_jt808_frame_errors_total', {
          kind: 'bad_length',
          action: 'dropped',
        }),
        lengths + 1,
      );
    });

    it('stores a blind-area batch flagged is_blind_area, and a normal batch not flagged', async () => {
      const vehicleId = await insertVehicle(t.ctx.db, {
        plate: '渝A10008',
        terminalPhone: '13900010008',
      });
      const terminal = await connect('13900010008');
      await terminal.logIn('渝A10008');
      const blind = [600, 590, 580].map((ago) => locationAgo(ago));
      const normal = [20, 10].map((ago) => locationAgo(ago));
      const first = await terminal.replyTo(
        terminal.send({ kind: 'locationBatch', batch: { type: 1, locations: blind } }),
      );
      const second = await terminal.replyTo(
        terminal.send({ kind: 'locationBatch', batch: { type: 0, locations: normal } }),
      );
      assert.equal(first.result, 0);
      assert.equal(first.replyMessageId, 0x0704);
      assert.equal(second.result, 0);
      const rows = await storedPositions(t.ctx.db, vehicleId);
      assert.deepEqual(
        rows.map((r) => [r.recorded_at.getTime(), r.is_blind_area]),
        [
          ...blind.map((l) => [l.time.getTime(), true]),
          ...normal.map((l) => [l.time.getTime(), false]),
        ],
      );
    });

    it('reassembles a blind-area batch sent in sub-packages', async () => {
      const vehicleId = await insertVehicle(t.ctx.db, {
        plate: '渝A10009',
        terminalPhone: '13900010009',
      });
      const terminal = await connect('13900010009');
      await terminal.logIn('渝A10009');
      // 60 positions of 30 bytes each: over 1023 bytes, so two packages.
      const locations = Array.from({ length: 60 }, (_, i) => locationAgo(1200 - i * 10));
      const lastSerial = terminal.send({ kind: 'locationBatch', batch: { type: 1, locations } });
      const reply = await terminal.replyTo(lastSerial);
      assert.equal(reply.result, 0);
      const first = await terminal.replyTo((lastSerial - 1) & 0xffff);
      assert.equal(first.result, 0); // the first package was answered on arrival
      const rows = await storedPositions(t.ctx.db, vehicleId);
      assert.equal(rows.length, 60);
      assert.ok(rows.every((r) => r.is_blind_area));
    });

    it('keeps serving a good terminal beside a connection that sends garbage', async () => {
      const vehicleId = await insertVehicle(t.ctx.db, {
        plate: '渝A10010',
        terminalPhone: '13900010010',
      });
      await insertVehicle(t.ctx.db, { plate: '渝A10098', terminalPhone: '13900010098' });
      const good = await connect('13900010010');
      await good.logIn('渝A10010');
      // An authenticated terminal gone mad (it is not cut off), and a stranger (it is).
      const mad = await connect('13900010098');
      await mad.logIn('渝A10098');
      const stranger = await connect('13900010099');
      const droppedBefore = await metricValue('citygov_jt808_frame_errors_total', {
        action: 'dropped',
      });
      let isSpewing = true;
      const spew = async (terminal: TestTerminal) => {
        for (let i = 0; isSpewing && !terminal.isClosed; i++) {
          const junk = Buffer.alloc(700);
          for (let b = 0; b < junk.length; b++) junk[b] = (b * 31 + i * 7) & 0xff;
          junk[i % 700] = 0x7e; // flags inside the junk make frame candidates to reject
          junk[(i * 13) % 700] = 0x7d;
          terminal.writeRaw(junk);
          await sleep(1);
        }
      };
      const spewing = Promise.all([spew(mad), spew(stranger)]);
      const sent = 50;
      const replies = [];
      for (let i = 0; i < sent; i++) {
        replies.push(
          good.replyTo(good.send({ kind: 'location', location: locationAgo(sent - i) })),
        );
        await sleep(2);
      }
      const results = await Promise.all(replies);
      isSpewing = false;
      await spewing;
      assert.ok(results.every((r) => r.result === 0));
      assert.equal((await storedPositions(t.ctx.db, vehicleId)).length, sent);
      assert.ok(
        (await metricValue('citygov_jt808_frame_errors_total', { action: 'dropped' })) >
          droppedBefore + 20,
      );
      await stranger.closed;
      // The good connection is still answering, and the mad one resynchronises on a real frame.
      assert.equal((await good.replyTo(good.send({ kind: 'heartbeat' }))).result, 0);
      mad.writeRaw(Buffer.from([0x7e]));
      assert.equal((await mad.replyTo(mad.send({ kind: 'heartbeat' }))).result, 0);
    });

    it('stores exactly as many positions as terminals sent', async () => {
      const fleet = 5;
      const perTerminal = 120;
      const ids: number[] = [];
      const clients: TestTerminal[] = [];
      for (let i = 0; i < fleet; i++) {
        const phone = `1390002000${i}`;
        ids.push(await insertVehicle(t.ctx.db, { plate: `渝B2000${i}`, terminalPhone: phone }));
        const client = await connect(phone);
        await client.logIn(`渝B2000${i}`);
        clients.push(client);
      }
      const replies = [];
      for (let n = 0; n < perTerminal; n++) {
        for (const client of clients) {
          if (n % 20 === 19) {
            const locations = [2, 1].map((s) => locationAgo(perTerminal * 2 - n * 2 + s));
            replies.push(
              client.replyTo(client.send({ kind: 'locationBatch', batch: { type: 0, locations } })),
            );
          } else {
            replies.push(
              client.replyTo(
                client.send({ kind: 'location', location: locationAgo(perTerminal * 2 - n * 2) }),
              ),
            );
          }
        }
      }
      const results = await Promise.all(replies);
      assert.ok(results.every((r) => r.result === 0));
      const expected = fleet * (perTerminal + perTerminal / 20);
      const { n } = await t.ctx.db
        .selectFrom('vehicle_positions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('vehicle_id', 'in', ids)
        .executeTakeFirstOrThrow();
      assert.equal(Number(n), expected);
    });

    it('closes an older connection of a terminal that authenticates again', async () => {
      await insertVehicle(t.ctx.db, { plate: '渝A10011', terminalPhone: '13900010011' });
      const first = await connect('13900010011');
      await first.logIn('渝A10011');
      const second = await connect('13900010011');
      await second.logIn('渝A10011');
      await first.closed;
      assert.equal((await second.replyTo(second.send({ kind: 'heartbeat' }))).result, 0);
    });

    it('answers a logout with result 0 and ends the connection', async () => {
      await insertVehicle(t.ctx.db, { plate: '渝A10012', terminalPhone: '13900010012' });
      const terminal = await connect('13900010012');
      await terminal.logIn('渝A10012');
      const reply = await terminal.replyTo(terminal.send({ kind: 'logout' }));
      assert.equal(reply.result, 0);
      assert.equal(reply.replyMessageId, 0x0003);
      await terminal.closed;
    });

    it('counts positions with an impossible time as rejected, answers 0, stores none of them', async () => {
      const vehicleId = await insertVehicle(t.ctx.db, {
        plate: '渝A10013',
        terminalPhone: '13900010013',
      });
      const terminal = await connect('13900010013');
      await terminal.logIn('渝A10013');
      const rejected = await metricValue('citygov_telematics_positions_rejected_total', {
        source: 'jt808',
        reason: 'time_out_of_range',
      });
      const tomorrow = locationAgo(-86_400);
      const reply = await terminal.replyTo(terminal.send({ kind: 'location', location: tomorrow }));
      assert.equal(reply.result, 0);
      assert.equal((await storedPositions(t.ctx.db, vehicleId)).length, 0);
      assert.equal(
        await metricValue('citygov_telematics_positions_rejected_total', {
          source: 'jt808',
          reason: 'time_out_of_range',
        }),
        rejected + 1,
      );
    });
  });
}

describe('JT/T 808 gateway connection limits', () => {
  it('closes a connection that does not authenticate in time, and one that goes idle', async () => {
    const t = await startGatewayTestApp('pglite', { authTimeoutSeconds: 1, idleTimeoutSeconds: 1 });
    try {
      const silent = await TestTerminal.connect(t.port, '13900030001');
      const startedAt = Date.now();
      await silent.closed;
      assert.ok(Date.now() - startedAt < 4000);
      await insertVehicle(t.ctx.db, { plate: '渝A30002', terminalPhone: '13900030002' });
      const idle = await TestTerminal.connect(t.port, '13900030002');
      await idle.logIn('渝A30002');
      await idle.closed;
    } finally {
      await t.close();
    }
  });

  it('registers an unknown terminal with its plate when auto-registration is on', async () => {
    const t = await startGatewayTestApp('pglite', { isAutoRegistration: true });
    try {
      const terminal = await TestTerminal.connect(t.port, '13900040001');
      await terminal.logIn('渝D40001');
      const vehicle = await t.ctx.db
        .selectFrom('vehicles')
        .selectAll()
        .where('terminal_phone', '=', '13900040001')
        .executeTakeFirstOrThrow();
      assert.equal(vehicle.plate, '渝D40001');
      assert.equal(vehicle.is_auto_registered, true);
      assert.equal(vehicle.region_code, '500103'); // province 50, city 0103: a known division
      // A second terminal claiming the same plate is refused as "vehicle already registered".
      const other = await TestTerminal.connect(t.port, '13900040002');
      other.send({
        kind: 'register',
        register: {
          provinceId: 50,
          cityId: 103,
          manufacturerId: 'X',
          terminalModel: 'Y',
          terminalId: 'Z',
          plateColor: 2,
          plate: '渝D40001',
          vin: null,
        },
      });
      const { message } = await other.expect((r) => r.message.kind === 'registerReply');
      assert.ok(message.kind === 'registerReply');
      assert.equal(message.reply.result, RegisterResult.vehicleRegistered);
      terminal.close();
      other.close();
    } finally {
      await t.close();
    }
  });
});
