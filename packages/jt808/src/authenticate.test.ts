import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readTerminalAuthentication } from './authenticate.ts';
import { decodeFrame } from './frame.ts';
import { decodeMessage, encodeMessageFrame } from './message.ts';
import { expectMessage, expectPacket, fromHex, innerOf, toHex } from './test-support.ts';

// Hand-built 2019 0x0102: auth code "AUTH0001", IMEI 861234567890123, version "V2.1".
// Header 01 02 | 40 2C (bit 14, body 44) | 01 | 00000000013800138000 | 00 03   XOR = C7
// Body: 08 | "AUTH0001" (XOR 09) | "861234567890123" (XOR 3F) | "V2.1" + 16 × 00 (XOR 7B)
//       XOR = 08^09^3F^7B = 45                      check = C7^45 = 82
const AUTH_2019 = `7E 0102 402C 01 00000000013800138000 0003
  08 4155544830303031 383631323334353637383930313233 56322E31 00000000000000000000000000000000
  82 7E`;

describe('0x0102 authentication', () => {
  it('does read the whole 2013 body as the auth code (traccar pull request 5997 capture)', () => {
    const packet = expectPacket(
      decodeFrame(innerOf(fromHex('7e0102000e024530313349000161757468656e7469636174696f6e307e'))),
    );
    const { authentication } = expectMessage(decodeMessage(packet), 'authenticate');
    assert.deepEqual(authentication, {
      authCode: 'authentication',
      imei: null,
      softwareVersion: null,
    });
  });

  it('does encode the 2013 frame published in SmallChi/JT808 JT808_0x0102Test.cs', () => {
    const frame = encodeMessageFrame(
      { phone: '12345678900', serial: 12345 },
      {
        kind: 'authenticate',
        authentication: { authCode: '456121111', imei: null, softwareVersion: null },
      },
    );
    assert.equal(toHex(frame), '7E010200090123456789003039343536313231313131BE7E');
  });

  it('does read length, code, IMEI and software version from a 2019 body', () => {
    const packet = expectPacket(decodeFrame(innerOf(fromHex(AUTH_2019))));
    const { authentication } = expectMessage(decodeMessage(packet), 'authenticate');
    assert.deepEqual(authentication, {
      authCode: 'AUTH0001',
      imei: '861234567890123',
      softwareVersion: 'V2.1',
    });
    const frame = encodeMessageFrame(
      { phone: '13800138000', serial: 3, version: 2019 },
      { kind: 'authenticate', authentication },
    );
    assert.equal(toHex(frame), toHex(fromHex(AUTH_2019)));
  });

  it('does report truncated when the 2019 code length runs past the body', () => {
    assert.throws(() => readTerminalAuthentication(fromHex('20 41 42'), 2019), {
      kind: 'truncated',
    });
  });

  it('does report bad_length when bytes follow the 2019 software version', () => {
    const body = Buffer.concat([fromHex('01 41'), Buffer.alloc(35), fromHex('FF')]);
    assert.throws(() => readTerminalAuthentication(body, 2019), { kind: 'bad_length' });
  });
});
