import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeFrame } from './frame.ts';
import { decodeMessage, encodeMessage, encodeMessageFrame } from './message.ts';
import {
  expectError,
  expectMessage,
  expectPacket,
  fromHex,
  innerOf,
  toHex,
} from './test-support.ts';

describe('message decoding', () => {
  it('does decode heartbeats of both versions and a logout', () => {
    // traccar huabao test data (2013) and a 2019 heartbeat with phone 61316263600001.
    const heartbeat2013 = fromHex('7e0002000004304832546500b7ca7e');
    const heartbeat2019 = fromHex('7e0002400001000000613162636000010003707e');
    for (const frame of [heartbeat2013, heartbeat2019]) {
      expectMessage(decodeMessage(expectPacket(decodeFrame(innerOf(frame)))), 'heartbeat');
    }
    // 0x0003 logout: 00 03 00 00 | phone (AA) | 00 02 -> check = 03 ^ AA ^ 02 = AB
    const logout = fromHex('7E 0003 0000 013800138000 0002 AB 7E');
    expectMessage(decodeMessage(expectPacket(decodeFrame(innerOf(logout)))), 'logout');
  });

  it('does report unsupported for a message id it does not know', () => {
    // 0x0900 pass-through, body 01: check = 09 ^ 00 ^ 00 ^ 01 ^ AA ^ 00 ^ 01 ^ 01 = A2
    const frame = fromHex('7E 0900 0001 013800138000 0001 01 A2 7E');
    const error = expectError(decodeMessage(expectPacket(decodeFrame(innerOf(frame)))));
    assert.equal(error.kind, 'unsupported');
    assert.equal(error.header?.messageId, 0x0900);
  });

  it('does report unsupported for an RSA-encrypted body', () => {
    // Heartbeat with properties 0x0400: check = A9 ^ 04 = AD
    const frame = fromHex('7E 0002 0400 013800138000 0001 AD 7E');
    assert.equal(
      expectError(decodeMessage(expectPacket(decodeFrame(innerOf(frame))))).kind,
      'unsupported',
    );
  });

  it('does report incomplete for a package that was not reassembled', () => {
    const frame = fromHex('7E 0200 2003 013800138000 0010 0003 0002 AABBCC 47 7E');
    assert.equal(
      expectError(decodeMessage(expectPacket(decodeFrame(innerOf(frame))))).kind,
      'incomplete',
    );
  });
});

describe('message encoding', () => {
  it('does take the message id from the kind', () => {
    const frame = encodeMessageFrame({ phone: '13800138000', serial: 1 }, { kind: 'heartbeat' });
    assert.equal(toHex(frame), toHex(fromHex('7E 0002 0000 013800138000 0001 A9 7E')));
  });

  it('does split a batch that does not fit in one package', () => {
    const locations = Array.from({ length: 40 }, (_, i) => ({
      latitude: 29.5 + i / 1000,
      longitude: 106.5,
      time: new Date(Date.UTC(2025, 0, 1, 0, i)),
    }));
    const frames = encodeMessage(
      { phone: '13800138000', serial: 100 },
      { kind: 'locationBatch', batch: { type: 1, locations } },
    );
    assert.equal(frames.length, 2, '40 × 30 bytes + 3 is over 1023');
    assert.deepEqual(
      frames.map((frame) => expectPacket(decodeFrame(innerOf(frame))).header.subPackage),
      [
        { total: 2, number: 1 },
        { total: 2, number: 2 },
      ],
    );
  });
});
