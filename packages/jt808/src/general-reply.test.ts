import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { decodeFrame } from './frame.ts';
import { decodeMessage, encodeMessageFrame } from './message.ts';
import { GeneralReplyResult, MessageId } from './message-ids.ts';
import {
  expectError,
  expectMessage,
  expectPacket,
  fromHex,
  innerOf,
  toHex,
} from './test-support.ts';

describe('general replies', () => {
  it('does decode and re-encode the platform reply to an authentication (traccar pull request 5997)', () => {
    // https://github.com/traccar/traccar/pull/5997: answer to 0x0102 serial 1 from 024530313349
    const hex = '7E8001000502453031334900010001010200BB7E';
    const { reply } = expectMessage(
      decodeMessage(expectPacket(decodeFrame(innerOf(fromHex(hex))))),
      'platformGeneralReply',
    );
    assert.deepEqual(reply, {
      replySerial: 1,
      replyMessageId: MessageId.authenticate,
      result: GeneralReplyResult.ok,
    });
    const frame = encodeMessageFrame(
      { phone: '24530313349', serial: 1 },
      { kind: 'platformGeneralReply', reply },
    );
    assert.equal(toHex(frame), hex);
  });

  it('does decode a terminal general reply', () => {
    // Terminal answers our 0x8103 serial 0x0020 with result 1 (fail):
    // 00 01 | 00 05 | 01 38 00 13 80 00 | 00 09 | 00 20 81 03 01
    // check = 00^01^00^05 = 04; ^AA = AE; ^00^09 = A7; ^00^20 = 87; ^81 = 06; ^03 = 05; ^01 = 04
    const frame = fromHex('7E 0001 0005 013800138000 0009 0020 8103 01 04 7E');
    const { reply } = expectMessage(
      decodeMessage(expectPacket(decodeFrame(innerOf(frame)))),
      'terminalGeneralReply',
    );
    assert.deepEqual(reply, {
      replySerial: 0x20,
      replyMessageId: 0x8103,
      result: GeneralReplyResult.fail,
    });
  });

  it('does report bad_length for a general reply with extra bytes', () => {
    // As above plus one byte FF in the body (properties 00 06):
    // check = 04 ^ 05 ^ 06 ^ FF = F8
    const frame = fromHex('7E 0001 0006 013800138000 0009 0020 8103 01 FF F8 7E');
    assert.equal(
      expectError(decodeMessage(expectPacket(decodeFrame(innerOf(frame))))).kind,
      'bad_length',
    );
  });
});
