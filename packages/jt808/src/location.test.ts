import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeFrame } from './frame.ts';
import { composeAlarmBits, composeStatusBits } from './location-flags.ts';
import { encodeLocationBody, readLocationReport } from './location.ts';
import { decodeMessage, encodeMessageFrame } from './message.ts';
import {
  expectError,
  expectMessage,
  expectPacket,
  fromHex,
  innerOf,
  toHex,
} from './test-support.ts';

// Hand-built 0x0200, 2013 header, phone 013800138000, serial 0x002A, a loaded muck truck in
// Chongqing. Header 02 00 | 00 30 | 01 38 00 13 80 00 | 00 2A          XOR = B2
// Body (48 bytes = 0x30):
//   alarm    00 10 00 02   bits 1 overspeed, 20 geofence in/out      XOR 12 -> A0
//   status   00 00 03 03   bits 0 ACC, 1 fix, 8–9 = 11 full load     XOR 00 -> A0
//   lat      01 C3 18 81   29 563 009 = 29.563009°                    XOR 5B -> FB
//   lon      06 59 D9 04   106 551 556 = 106.551556°                  XOR 82 -> 79
//   altitude 00 F5         245 m                                      XOR F5 -> 8C
//   speed    02 62         610 = 61.0 km/h                            XOR 60 -> EC
//   heading  00 5A         90°                                        XOR 5A -> B6
//   time     24 01 01 07 30 00   2024-01-01 07:30:00 GMT+8            XOR 13 -> A5
//   01 04 00 00 30 39      mileage 12345 = 1234.5 km                  XOR 0C -> A9
//   02 02 01 F4            fuel 500 = 50.0 L                          XOR F5 -> 5C
//   30 01 1F               signal strength 31                         XOR 2E -> 72
//   31 01 0C               12 satellites                              XOR 3C -> 4E
//   E1 02 AB CD            a vendor item we do not know               XOR 85 -> CB
// check = CB
const TRUCK_LOCATION = `7E 0200 0030 013800138000 002A
  00100002 00000303 01C31881 0659D904 00F5 0262 005A 240101073000
  01040000 3039 020201F4 30011F 31010C E102ABCD CB 7E`;

describe('0x0200 location', () => {
  it('does read every field of the hand-built frame', () => {
    const packet = expectPacket(decodeFrame(innerOf(fromHex(TRUCK_LOCATION))));
    const { location } = expectMessage(decodeMessage(packet), 'location');
    assert.equal(location.latitude, 29.563009);
    assert.equal(location.longitude, 106.551556);
    assert.equal(location.altitudeM, 245);
    assert.equal(location.speedKmh, 61);
    assert.equal(location.direction, 90);
    assert.equal(location.time?.toISOString(), '2023-12-31T23:30:00.000Z');
    assert.deepEqual(location.alarms, ['overspeed', 'geofenceInOut']);
    assert.equal(location.status.isAccOn, true);
    assert.equal(location.status.isPositioned, true);
    assert.equal(location.status.load, 'full');
    assert.equal(location.status.isSouth, false);
    assert.deepEqual(location.extras, {
      mileageKm: 1234.5,
      fuelL: 50,
      signalStrength: 31,
      satellites: 12,
      others: [{ id: 0xe1, value: fromHex('ABCD') }],
    });
  });

  it('does encode the same frame from the decoded values', () => {
    const packet = expectPacket(decodeFrame(innerOf(fromHex(TRUCK_LOCATION))));
    const { location } = expectMessage(decodeMessage(packet), 'location');
    const frame = encodeMessageFrame(
      { phone: '13800138000', serial: 0x2a },
      { kind: 'location', location },
    );
    assert.equal(toHex(frame), toHex(fromHex(TRUCK_LOCATION)));
  });

  it('does make latitude negative in the south and longitude negative in the west', () => {
    // Buenos Aires, 34.603722° S 58.381592° W: status 00 00 00 0E (fix, south, west).
    const body = fromHex(`00000000 0000000E 021002CA 037AD518 0019 0000 0000 240315143005`);
    const location = readLocationReport(body);
    assert.equal(location.latitude, -34.603722);
    assert.equal(location.longitude, -58.381592);
    assert.equal(location.status.isSouth, true);
    assert.equal(location.status.isWest, true);
    assert.deepEqual(location.extras, { others: [] });
  });

  it('does set the south and west bits from negative coordinates when encoding', () => {
    const body = encodeLocationBody({
      latitude: -34.603722,
      longitude: -58.381592,
      time: null,
      statusBits: 0b10,
    });
    assert.equal(toHex(body.subarray(4, 16)), '0000000E' + '021002CA' + '037AD518');
    const east = encodeLocationBody({
      latitude: 29.5,
      longitude: 106.5,
      time: null,
      statusBits: 0b1110,
    });
    assert.equal(toHex(east.subarray(4, 8)), '00000002', 'stale south/west bits are cleared');
  });

  it('does read an all-zero time as no time', () => {
    const body = fromHex(`00000000 00000000 00000000 00000000 0000 0000 0000 000000000000`);
    assert.equal(readLocationReport(body).time, null);
  });

  it('does refuse a time that is not a calendar time', () => {
    // Header 02 00 00 1C ... 00 01: XOR = 02^1C ^AA ^01 = B5; body XOR = 24^13^32 = 05 -> B0
    const frame = '7E 0200 001C 013800138000 0001 ' + '00'.repeat(22) + '241332000000 B0 7E';
    const packet = expectPacket(decodeFrame(innerOf(fromHex(frame))));
    assert.equal(expectError(decodeMessage(packet)).kind, 'bad_value');
  });

  it('does read a report between offsets of a larger body, sharing flags between reports', () => {
    const body = encodeLocationBody({
      latitude: 29.5,
      longitude: 106.5,
      statusBits: 0x0303,
      alarmBits: 0b10,
      time: new Date('2024-03-15T06:30:05Z'),
      extras: { mileageKm: 12.3, satellites: 9 },
    });
    const padded = Buffer.concat([fromHex('AABB'), body, fromHex('CC')]);
    const inside = readLocationReport(padded, 2, 2 + body.length);
    const alone = readLocationReport(body);
    assert.deepEqual(inside, alone);
    assert.equal(inside.latitude, 29.5);
    assert.equal(inside.time?.toISOString(), '2024-03-15T06:30:05.000Z');
    assert.deepEqual(inside.alarms, ['overspeed']);
    assert.equal(inside.extras.mileageKm, 12.3);
    assert.deepEqual(inside.extras.others, []);
    assert.equal(inside.status, alone.status, 'the same bits share one flags object');
    assert.ok(Object.isFrozen(inside.status));
  });

  it('does report truncated for a body shorter than 28 bytes', () => {
    assert.throws(() => readLocationReport(new Uint8Array(27)), { kind: 'truncated' });
  });

  it('does keep a tail whose item length runs past the body', () => {
    const base = encodeLocationBody({ latitude: 1, longitude: 1, time: null });
    const location = readLocationReport(Buffer.concat([base, fromHex('30011F 01 08 0000')]));
    assert.equal(location.extras.signalStrength, 31);
    assert.equal(toHex(location.extras.malformedTail!), '01080000');
  });

  it('does keep a known item with a wrong length as a raw item', () => {
    const base = encodeLocationBody({ latitude: 1, longitude: 1, time: null });
    const location = readLocationReport(Buffer.concat([base, fromHex('0102 0001')]));
    assert.equal(location.extras.mileageKm, undefined);
    assert.deepEqual(location.extras.others, [{ id: 1, value: fromHex('0001') }]);
  });

  it('does name the alarm bits the gateway cares about', () => {
    const bits = composeAlarmBits([
      'sos',
      'fatigue',
      'parkingOvertime',
      'routeInOut',
      'routeDeviation',
    ]);
    assert.equal(bits, (1 << 0) | (1 << 2) | (1 << 19) | (1 << 21) | (1 << 23));
    const body = encodeLocationBody({
      latitude: 29,
      longitude: 106,
      time: null,
      alarmBits: bits | (1 << 31),
    });
    assert.deepEqual(readLocationReport(body).alarms, [
      'sos',
      'fatigue',
      'parkingOvertime',
      'routeInOut',
      'routeDeviation',
      'illegalDoorOpen',
    ]);
  });

  it('does compose status bits from readable flags', () => {
    assert.equal(
      composeStatusBits({ isAccOn: true, isPositioned: true, load: 'half', isMoving: true }),
      0x400103,
    );
  });
});

describe('0x0200 frames published by others', () => {
  it('does decode the west-longitude frame from the traccar huabao test data', () => {
    // traccar/traccar src/test/java/org/traccar/protocol/HuabaoProtocolDecoderTest.java
    const frame = fromHex(
      '7e0200002e094027587492000a000000010000000a03083db7001329f3000000140000130412164952010400000012360a0002341502cb0c20085c107e',
    );
    const packet = expectPacket(decodeFrame(innerOf(frame)));
    assert.equal(packet.header.phone, '94027587492');
    const { location } = expectMessage(decodeMessage(packet), 'location');
    assert.equal(location.latitude, 50.871735); // 0x03083DB7
    assert.equal(location.longitude, -1.255923); // 0x001329F3, status bit 3 (west)
    assert.deepEqual(location.alarms, ['sos']);
    assert.equal(location.speedKmh, 2);
    assert.equal(location.time?.toISOString(), '2013-04-12T08:49:52.000Z'); // 13-04-12 16:49:52 +8
    assert.equal(location.extras.mileageKm, 1.8);
    assert.deepEqual(location.extras.others, [
      { id: 0x36, value: fromHex('0002341502cb0c20085c') },
    ]);
  });

  it('does decode the frame with vendor items from JTTools issue 4', () => {
    // https://github.com/SmallChi/JTTools/issues/4 (a device's raw report)
    const frame =
      fromHex(`7E 02 00 00 57 00 00 00 00 77 77 62 F7 00 08 00 00 00 04 00 03 01 66 53 A7 06 A2 55 F8
      00 9E 00 00 00 00 20 03 31 07 00 35 01 04 00 00 00 00 03 02 00 00 21 08 00 00 00 A0 00 05 6F 67
      25 04 00 00 00 00 2B 04 00 00 00 00 30 01 03 31 01 0C 16 04 00 00 0B FE 17 01 02 18 04 01 1D 00 00
      14 04 00 00 00 02 8A 7E`);
    const { location } = expectMessage(
      decodeMessage(expectPacket(decodeFrame(innerOf(frame)))),
      'location',
    );
    assert.equal(location.latitude, 23.483303);
    assert.equal(location.longitude, 111.302136);
    assert.equal(location.altitudeM, 158);
    assert.equal(location.time?.toISOString(), '2020-03-30T23:00:35.000Z');
    assert.equal(location.status.isGpsUsed, true); // status 0x00040003: bits 0, 1, 18
    assert.equal(location.extras.mileageKm, 0);
    assert.equal(location.extras.tachographSpeedKmh, 0);
    assert.equal(location.extras.vehicleSignalBits, 0);
    assert.equal(location.extras.signalStrength, 3);
    assert.equal(location.extras.satellites, 12);
    assert.deepEqual(
      location.extras.others.map((item) => item.id),
      [0x21, 0x2b, 0x16, 0x17, 0x18, 0x14],
    );
  });

  it('does decode the 2019 frame of JTTools issue 8, whose longitude holds an escaped 0x7D', () => {
    // https://github.com/SmallChi/JTTools/issues/8 (kept in SmallChi's JT1078 extension tests)
    const frame = fromHex(
      '7e020040420100000000013419905507021200040000001410010213679206c4a97d01001300000002220720103957010400000e3e020200000302025825040000001030014531010814040000000115040000000c797e',
    );
    const packet = expectPacket(decodeFrame(innerOf(frame)));
    assert.equal(packet.header.version, 2019);
    assert.equal(packet.header.phone, '13419905507');
    const { location } = expectMessage(decodeMessage(packet), 'location');
    assert.equal(location.longitude, 113.551741); // 06 C4 A9 7D on the wire as 06 C4 A9 7D 01
    assert.equal(location.latitude, 34.82613);
    assert.deepEqual(location.alarms, ['dailyDrivingTimeout']);
    assert.equal(location.time?.toISOString(), '2022-07-20T02:39:57.000Z');
    assert.equal(location.extras.mileageKm, 364.6);
    assert.equal(location.extras.tachographSpeedKmh, 60);
    assert.equal(location.extras.vehicleSignalBits, 0x10);
    assert.equal(location.extras.signalStrength, 0x45);
    assert.equal(location.extras.satellites, 8);
  });
});
