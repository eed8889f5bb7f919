import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeFrame, encodeSplitFrames, type Jt808Packet } from './frame.ts';
import { decodeMessage, encodeMessageBody } from './message.ts';
import { SubPackageAssembler } from './sub-package-assembler.ts';
import { expectMessage, expectPacket, fromHex, innerOf } from './test-support.ts';

// Hand-built sub-packaged 0x0200: one 28-byte location body split 20 + 8.
// Body: alarm 00000000 | status 00000002 | lat 01C31881 | lon 0659D904 | alt 0000 | speed 0000
//       | heading 0000 | time 250101080000 (2025-01-01 08:00 GMT+8 = 00:00 UTC)
// Package 1 carries alarm .. speed (20 bytes):
//   02 00 | 20 14 (bit 13, 20 bytes) | phone | serial 00 50 | total 00 02 | number 00 01
//   header XOR = 02^20^14 = 36; ^AA (phone) = 9C; ^00^50 = CC; ^00^02 = CE; ^00^01 = CF
//   body XOR = 02 ^ (01^C3^18^81 = 5B) ^ (06^59^D9^04 = 82) = DB        check = CF^DB = 14
// Package 2 carries heading and time (8 bytes):
//   02 00 | 20 08 | phone | serial 00 51 | total 00 02 | number 00 02
//   header XOR = 02^20^08 = 2A; ^AA = 80; ^00^51 = D1; ^00^02 = D3; ^00^02 = D1
//   body XOR = 25^01^01^08 = 2D                                          check = D1^2D = FC
const PACKAGE_1 =
  '7E 0200 2014 013800138000 0050 0002 0001 00000000 00000002 01C31881 0659D904 0000 0000 14 7E';
const PACKAGE_2 = '7E 0200 2008 013800138000 0051 0002 0002 0000 250101080000 FC 7E';

function packetOf(hex: string): Jt808Packet {
  return expectPacket(decodeFrame(innerOf(fromHex(hex))));
}

describe('sub-package reassembly', () => {
  it('does hand back whole packets unchanged', () => {
    const packet = packetOf('7E 0002 0000 013800138000 0001 A9 7E');
    assert.deepEqual(new SubPackageAssembler().add(packet, 0), { type: 'packet', packet });
  });

  it('does join the hand-built packages into one location', () => {
    const assembler = new SubPackageAssembler();
    assert.deepEqual(assembler.add(packetOf(PACKAGE_1), 0), {
      type: 'pending',
      received: 1,
      total: 2,
    });
    const result = assembler.add(packetOf(PACKAGE_2), 10);
    assert.equal(result.type, 'packet');
    if (result.type !== 'packet') return;
    assert.equal(result.packet.header.serial, 0x50, 'the serial of package 1');
    assert.equal(result.packet.header.subPackage, null);
    assert.equal(result.packet.header.bodyLength, 28);
    const { location } = expectMessage(decodeMessage(result.packet), 'location');
    assert.equal(location.latitude, 29.563009);
    assert.equal(location.longitude, 106.551556);
    assert.equal(location.time?.toISOString(), '2025-01-01T00:00:00.000Z');
    assert.equal(assembler.pendingCount, 0);
  });

  it('does join packages that arrive out of order and ignore a duplicate', () => {
    const body = encodeMessageBody(
      {
        kind: 'locationBatch',
        batch: {
          type: 1,
          locations: Array.from({ length: 80 }, (_, i) => ({
            latitude: 29 + i / 100,
            longitude: 106,
            time: null,
          })),
        },
      },
      2019,
    );
    const frames = encodeSplitFrames(
      { messageId: 0x0704, phone: '13800138000', serial: 0xfffe, version: 2019 },
      body,
      500,
    );
    const packets = frames.map((frame) => expectPacket(decodeFrame(innerOf(frame))));
    assert.equal(packets.length, 5);
    const assembler = new SubPackageAssembler();
    const order = [3, 0, 4, 0, 2, 1];
    const results = order.map((index) => assembler.add(packets[index]!, 0));
    assert.deepEqual(
      results.slice(0, -1).map((result) => result.type),
      ['pending', 'pending', 'pending', 'pending', 'pending'],
    );
    const last = results.at(-1)!;
    assert.equal(last.type, 'packet');
    if (last.type !== 'packet') return;
    assert.deepEqual(Buffer.from(last.packet.body), body);
    assert.equal(last.packet.header.serial, 0xfffe);
    const { batch } = expectMessage(decodeMessage(last.packet), 'locationBatch');
    assert.equal(batch.locations.length, 80);
  });

  it('does keep packages of different terminals apart', () => {
    const assembler = new SubPackageAssembler();
    const other = { ...packetOf(PACKAGE_2) };
    other.header = { ...other.header, phone: '13900000000' };
    assert.equal(assembler.add(packetOf(PACKAGE_1), 0).type, 'pending');
    assert.equal(assembler.add(other, 0).type, 'pending');
    assert.equal(assembler.pendingCount, 2);
  });

  it('does drop incomplete sets after the timeout and name the missing packages', () => {
    const assembler = new SubPackageAssembler({ timeoutMs: 1000 });
    assembler.add(packetOf(PACKAGE_2), 0);
    assert.deepEqual(assembler.expire(999), []);
    assert.deepEqual(assembler.expire(1000), [
      { phone: '13800138000', messageId: 0x0200, firstSerial: 0x50, total: 2, missing: [1] },
    ]);
    assert.equal(assembler.pendingCount, 0);
    // A late package 1 now starts a new set instead of completing the old one.
    assert.equal(assembler.add(packetOf(PACKAGE_1), 2000).type, 'pending');
  });

  it('does refuse more incomplete sets than allowed', () => {
    const assembler = new SubPackageAssembler({ maxSets: 1 });
    assert.equal(assembler.add(packetOf(PACKAGE_1), 0).type, 'pending');
    const another = packetOf(PACKAGE_1);
    another.header = { ...another.header, serial: 0x90 };
    const result = assembler.add(another, 0);
    assert.equal(result.type === 'error' && result.error.kind, 'oversize');
  });

  it('does refuse a message larger than the byte limit', () => {
    const assembler = new SubPackageAssembler({ maxMessageBytes: 25 });
    assert.equal(assembler.add(packetOf(PACKAGE_1), 0).type, 'pending');
    const result = assembler.add(packetOf(PACKAGE_2), 0);
    assert.equal(result.type === 'error' && result.error.kind, 'oversize');
    assert.equal(assembler.pendingCount, 0);
  });
});
