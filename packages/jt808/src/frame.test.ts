import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeFrame, encodeFrame, encodeSplitFrames } from './frame.ts';
import { expectError, expectPacket, fromHex, innerOf, toHex } from './test-support.ts';

// Heartbeat, 2013 header, phone 013800138000, serial 1, empty body:
//   00 02 | 00 00 | 01 38 00 13 80 00 | 00 01 | check
// check = 00^02^00^00 = 02; ^01 = 03; ^38 = 3B; ^00 = 3B; ^13 = 28; ^80 = A8; ^00 = A8;
//         ^00 = A8; ^01 = A9
const HEARTBEAT_2013 = '7E 0002 0000 013800138000 0001 A9 7E';

// Heartbeat, 2019 header: properties 0x4000 (bit 14), protocol version 01, phone BCD[10]:
//   00 02 | 40 00 | 01 | 00 00 00 00 01 38 00 13 80 00 | 00 07 | check
// check = 00^02 = 02; ^40 = 42; ^00 = 42; ^01 = 43; four 00 keep 43; ^01 = 42; ^38 = 7A;
//         ^00 = 7A; ^13 = 69; ^80 = E9; ^00 = E9; ^00 = E9; ^07 = EE
const HEARTBEAT_2019 = '7E 0002 4000 01 00000000013800138000 0007 EE 7E';

// Platform general reply 0x8001 whose body starts with 7E 7D (reply serial 0x7E7D):
//   80 01 | 00 05 | 01 38 00 13 80 00 | 00 01 | 7E 7D 02 00 00 | check
// check = 80^01 = 81; ^00 = 81; ^05 = 84; phone 01^38^00^13^80^00 = AA, 84^AA = 2E;
//         ^00^01 = 2F; ^7E = 51; ^7D = 2C; ^02 = 2E; ^00^00 = 2E
// On the wire 7E -> 7D 02 and 7D -> 7D 01.
const REPLY_WITH_FLAG_BYTES = '7E 8001 0005 013800138000 0001 7D02 7D01 0200 00 2E 7E';

// Heartbeat whose check is itself 0x7E: without the serial the XOR is A8 (see above), so
// serial 00 D6 gives A8^00^D6 = 7E, and the check goes on the wire as 7D 02.
const CHECK_IS_FLAG = '7E 0002 0000 013800138000 00D6 7D02 7E';

describe('frame decoding', () => {
  it('does read a 2013 header with a 6-byte phone', () => {
    const { header, body } = expectPacket(decodeFrame(innerOf(fromHex(HEARTBEAT_2013))));
    assert.deepEqual(header, {
      messageId: 0x0002,
      bodyLength: 0,
      encryption: 0,
      version: 2013,
      protocolVersion: 0,
      phone: '13800138000',
      serial: 1,
      subPackage: null,
    });
    assert.equal(body.length, 0);
  });

  it('does read a 2019 header with protocol version and a 10-byte phone', () => {
    const { header } = expectPacket(decodeFrame(innerOf(fromHex(HEARTBEAT_2019))));
    assert.equal(header.version, 2019);
    assert.equal(header.protocolVersion, 1);
    assert.equal(header.phone, '13800138000');
    assert.equal(header.serial, 7);
  });

  it('does unescape 0x7E and 0x7D inside the body', () => {
    const { header, body } = expectPacket(decodeFrame(innerOf(fromHex(REPLY_WITH_FLAG_BYTES))));
    assert.equal(header.messageId, 0x8001);
    assert.equal(toHex(body), '7E7D020000');
  });

  it('does unescape a check byte that is itself 0x7E', () => {
    const { header } = expectPacket(decodeFrame(innerOf(fromHex(CHECK_IS_FLAG))));
    assert.equal(header.serial, 0xd6);
  });

  it('does read the package item when the sub-package bit is set', () => {
    // 0x0200, properties 0x2003 (bit 13, body 3), serial 0x0010, package 2 of 3, body AA BB CC:
    // check = 02^00 = 02; ^20 = 22; ^03 = 21; phone AA -> 8B; ^00^10 = 9B; ^00^03 = 98;
    //         ^00^02 = 9A; ^AA = 30; ^BB = 8B; ^CC = 47
    const frame = '7E 0200 2003 013800138000 0010 0003 0002 AABBCC 47 7E';
    const { header, body } = expectPacket(decodeFrame(innerOf(fromHex(frame))));
    assert.deepEqual(header.subPackage, { total: 3, number: 2 });
    assert.equal(header.serial, 0x10);
    assert.equal(toHex(body), 'AABBCC');
  });

  it('does read the RSA encryption bit', () => {
    // Heartbeat with properties 0x0400 (bit 10): check = A9 ^ 04 = AD
    const frame = '7E 0002 0400 013800138000 0001 AD 7E';
    assert.equal(expectPacket(decodeFrame(innerOf(fromHex(frame)))).header.encryption, 1);
  });

  it('does report bad_check when the XOR does not match', () => {
    const error = expectError(
      decodeFrame(innerOf(fromHex('7E 0002 0000 013800138000 0001 A8 7E'))),
    );
    assert.equal(error.kind, 'bad_check');
    assert.equal(error.header?.messageId, 0x0002, 'the unverified header is still offered');
  });

  it('does report bad_escape for 0x7D followed by another byte', () => {
    const error = expectError(
      decodeFrame(innerOf(fromHex('7E 0002 0000 013800138000 0001 7D03 7E'))),
    );
    assert.equal(error.kind, 'bad_escape');
  });

  it('does report bad_escape for a 0x7D at the very end', () => {
    assert.equal(
      expectError(decodeFrame(fromHex('0002 0000 013800138000 0001 7D'))).kind,
      'bad_escape',
    );
  });

  it('does report bad_length when the properties word disagrees with the body', () => {
    // Properties say 2 bytes of body, frame has 1 (05): check = A9 ^ 02 ^ 05 = AE
    const error = expectError(
      decodeFrame(innerOf(fromHex('7E 0002 0002 013800138000 0001 05 AE 7E'))),
    );
    assert.equal(error.kind, 'bad_length');
    assert.equal(error.header?.serial, 1, 'the verified header is there to answer with');
  });

  it('does report bad_length when the body is longer than announced', () => {
    // Properties say 0 bytes, frame has 1 (05): check = A9 ^ 05 = AC
    const error = expectError(
      decodeFrame(innerOf(fromHex('7E 0002 0000 013800138000 0001 05 AC 7E'))),
    );
    assert.equal(error.kind, 'bad_length');
  });

  it('does report truncated for frames shorter than a header', () => {
    assert.equal(expectError(decodeFrame(fromHex('0002 0000 0138'))).kind, 'truncated');
    // 2019 bit set but only 12 header bytes: check = A9 ^ 40 = E9
    assert.equal(
      expectError(decodeFrame(fromHex('0002 4000 013800138000 0001 E9'))).kind,
      'truncated',
    );
  });

  it('does report bad_header for a phone that is not BCD', () => {
    // Phone 01 38 00 13 80 0A: check = A9 ^ 0A = A3
    assert.equal(
      expectError(decodeFrame(fromHex('0002 0000 01380013800A 0001 A3'))).kind,
      'bad_header',
    );
  });

  it('does report bad_header for package number 0', () => {
    // As the sub-package frame above but package 0 of 3, body empty, properties 0x2000:
    // check = 02^00^20^00 = 22; ^AA = 88; ^00^10 = 98; ^00^03 = 9B; ^00^00 = 9B
    const frame = fromHex('0200 2000 013800138000 0010 0003 0000 9B');
    assert.equal(expectError(decodeFrame(frame)).kind, 'bad_header');
  });

  it('does decode the 0x0102 frame captured from a BSJ KM-02 (traccar pull request 5997)', () => {
    // https://github.com/traccar/traccar/pull/5997: terminal 024530313349 authenticates
    // with "authentication"; the platform answers 7e8001000502453031334900010001010200bb7e.
    const frame = fromHex('7e0102000e024530313349000161757468656e7469636174696f6e307e');
    const { header, body } = expectPacket(decodeFrame(innerOf(frame)));
    assert.equal(header.messageId, 0x0102);
    assert.equal(header.phone, '24530313349');
    assert.equal(Buffer.from(body).toString('latin1'), 'authentication');
  });
});

describe('frame encoding', () => {
  it('does produce the hand-built 2013 and 2019 heartbeats', () => {
    const header = { messageId: 0x0002, phone: '13800138000' };
    assert.equal(
      toHex(encodeFrame({ ...header, serial: 1 }, new Uint8Array(0))),
      toHex(fromHex(HEARTBEAT_2013)),
    );
    assert.equal(
      toHex(encodeFrame({ ...header, serial: 7, version: 2019 }, new Uint8Array(0))),
      toHex(fromHex(HEARTBEAT_2019)),
    );
  });

  it('does escape flag bytes in the body and in the check', () => {
    const body = fromHex('7E7D020000');
    const header = { messageId: 0x8001, phone: '13800138000', serial: 1 };
    assert.equal(toHex(encodeFrame(header, body)), toHex(fromHex(REPLY_WITH_FLAG_BYTES)));
    const heartbeat = { messageId: 0x0002, phone: '13800138000', serial: 0xd6 };
    assert.equal(toHex(encodeFrame(heartbeat, new Uint8Array(0))), toHex(fromHex(CHECK_IS_FLAG)));
  });

  it('does refuse a body over 1023 bytes in one frame', () => {
    const header = { messageId: 0x0200, phone: '1', serial: 1 };
    assert.throws(() => encodeFrame(header, new Uint8Array(1024)), RangeError);
  });

  it('does split a long body into numbered packages with consecutive serials', () => {
    const body = Uint8Array.from({ length: 2500 }, (_, i) => i & 0xff);
    const frames = encodeSplitFrames(
      { messageId: 0x0704, phone: '13800138000', serial: 0xfffe },
      body,
    );
    const packets = frames.map((frame) => expectPacket(decodeFrame(innerOf(frame))));
    assert.deepEqual(
      packets.map((packet) => [packet.header.serial, packet.header.subPackage, packet.body.length]),
      [
        [0xfffe, { total: 3, number: 1 }, 1023],
        [0xffff, { total: 3, number: 2 }, 1023],
        [0x0000, { total: 3, number: 3 }, 454],
      ],
    );
    assert.deepEqual(Buffer.concat(packets.map((packet) => packet.body)), Buffer.from(body));
  });
});
