import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeFrame } from './frame.ts';
import { encodeLocationBatchBody, readLocationBatch } from './location-batch.ts';
import { decodeMessage, encodeMessage } from './message.ts';
import { LocationBatchType } from './message-ids.ts';
import {
  expectError,
  expectMessage,
  expectPacket,
  fromHex,
  innerOf,
  toHex,
} from './test-support.ts';

describe('0x0704 location batch', () => {
  it('does decode the blind-area re-send captured in the traccar huabao test data', () => {
    // traccar/traccar src/test/java/org/traccar/protocol/HuabaoProtocolDecoderTest.java:
    // count 00 08, type 01 (blind area), then eight items of length 00 26 (38 bytes).
    const frame = fromHex(`7E0704014301356777777707F5000801
      002600000000000000030159741206CBFD5001720000000116052709062401040000001D03020000
      002600000000000000030159746606CBFD50016B0000000116052709065301040000001D03020000
      00260000000000000003015975E406CBFE58013F0000000116052709072701040000001D03020000
      00260000000000000003015976DE06CBFF10012E0000000116052709075601040000001D03020000
      00260000000000000003015976BC06CBFED0012D0000000116052709083001040000001D03020000
      00260000000000000003015976FE06CBFEC001080000000116052709090001040000001D03020000
      00260000000000000003015976FE06CBFE7800FC0000000116052709093301040000001D03020000
      00260000000000000003015977A606CBFF3001080000000116052709100201040000001D03020000
      1F7E`);
    const packet = expectPacket(decodeFrame(innerOf(frame)));
    assert.equal(packet.header.phone, '13567777777');
    const { batch } = expectMessage(decodeMessage(packet), 'locationBatch');
    assert.equal(batch.type, LocationBatchType.blindArea);
    assert.equal(batch.locations.length, 8);
    const [first, , , , , , , last] = batch.locations;
    assert.equal(first?.latitude, 22.639634); // 0x01597412
    assert.equal(first?.longitude, 114.031952); // 0x06CBFD50
    assert.equal(first?.altitudeM, 370);
    assert.equal(first?.time?.toISOString(), '2016-05-27T01:06:24.000Z'); // 16-05-27 09:06:24 +8
    assert.equal(first?.extras.mileageKm, 2.9);
    assert.equal(last?.time?.toISOString(), '2016-05-27T01:10:02.000Z'); // 16-05-27 09:10:02 +8
    assert.ok(
      batch.locations.every((location) => location.status.isAccOn && location.status.isPositioned),
    );
  });

  it('does decode the normal batch published in SmallChi/JT808 tests', () => {
    // SmallChi/JT808 src/JT808.Protocol.Test/MessageBody/JT808_0x0704Test.cs
    const frame =
      fromHex(`7E 07 04 00 53 11 22 33 44 55 66 22 B8 00 02 00 00 26 00 00 00 01 00 00 00 02 00 BA 7F 0E
      07 E4 F1 1C 00 28 00 3C 00 00 18 07 15 10 10 10 01 04 00 00 00 64 02 02 00 37 00 26 00 00 00 02 00 00
      00 01 00 CB 73 55 07 E6 A3 23 00 29 00 36 00 78 18 07 15 10 10 30 01 04 00 00 00 60 02 02 00 42 D4 7E`);
    const packet = expectPacket(decodeFrame(innerOf(frame)));
    assert.equal(packet.header.phone, '112233445566');
    assert.equal(packet.header.serial, 8888);
    const { batch } = expectMessage(decodeMessage(packet), 'locationBatch');
    assert.equal(batch.type, LocationBatchType.normal);
    assert.deepEqual(
      batch.locations.map((l) => [
        l.alarmBits,
        l.statusBits,
        l.latitude,
        l.longitude,
        l.speedKmh,
        l.direction,
      ]),
      [
        [1, 2, 12.222222, 132.444444, 6, 0],
        [2, 1, 13.333333, 132.555555, 5.4, 120],
      ],
    );
    assert.deepEqual(
      batch.locations.map((l) => [l.extras.mileageKm, l.extras.fuelL, l.time?.toISOString()]),
      [
        [10, 5.5, '2018-07-15T02:10:10.000Z'],
        [9.6, 6.6, '2018-07-15T02:10:30.000Z'],
      ],
    );
    // And our encoder writes the very same bytes back.
    const [again] = encodeMessage(
      { phone: '112233445566', serial: 8888 },
      { kind: 'locationBatch', batch },
    );
    assert.equal(toHex(again!), toHex(frame));
  });

  it('does decode a 2019 batch from the xtream-codec debug UI samples', () => {
    // makeclan/xtream-codec debug/jt/jt-808-server-spring-boot-starter-debug-ui/src/utils/codec-utils.ts
    const frame = fromHex(
      '7e0704403f01000000000139123443290000000200001c000000010000000101d907f2073d336c029a00210059241029213903001c000000010000000101d907f3073d336d03090043005a241029213903f87e',
    );
    const packet = expectPacket(decodeFrame(innerOf(frame)));
    assert.equal(packet.header.version, 2019);
    assert.equal(packet.header.phone, '13912344329');
    const { batch } = expectMessage(decodeMessage(packet), 'locationBatch');
    assert.equal(batch.type, 0);
    assert.deepEqual(
      batch.locations.map((l) => [l.latitude, l.longitude, l.altitudeM, l.speedKmh, l.direction]),
      [
        [31.000562, 121.451372, 666, 3.3, 89],
        [31.000563, 121.451373, 777, 6.7, 90],
      ],
    );
    assert.equal(batch.locations[0]?.time?.toISOString(), '2024-10-29T13:39:03.000Z');
  });

  it('does report bad_length when bytes follow the announced count', () => {
    const body = encodeLocationBatchBody({
      type: 0,
      locations: [{ latitude: 1, longitude: 2, time: null }],
    });
    assert.throws(() => readLocationBatch(Buffer.concat([body, fromHex('00')])), {
      kind: 'bad_length',
    });
  });

  it('does report truncated when the count promises more items than the body holds', () => {
    const body = encodeLocationBatchBody({
      type: 1,
      locations: [{ latitude: 1, longitude: 2, time: null }],
    });
    body.writeUInt16BE(2, 0);
    assert.throws(() => readLocationBatch(body), { kind: 'truncated', message: /item 2 of 2/ });
  });

  it('does report truncated when an item length runs past the body', () => {
    // count 1, type 0, item length 00 30 but only 28 bytes follow
    const body = Buffer.concat([fromHex('0001 00 0030'), Buffer.alloc(28)]);
    const frame = encodeMessage({ phone: '1', serial: 1 }, { kind: 'heartbeat' })[0]!;
    const packet = expectPacket(decodeFrame(innerOf(frame)));
    const result = decodeMessage({ header: { ...packet.header, messageId: 0x0704 }, body });
    assert.equal(expectError(result).kind, 'truncated');
  });
});
