// Helpers shared by the tests: frames are written as hex, spaces allowed.
import assert from 'node:assert/strict';

import type { FrameResult, Jt808Packet } from './frame.ts';
import type { Jt808DecodeError } from './decode-error.ts';
import type { Jt808Message, MessageResult } from './message.ts';

/** Bytes from hex text; spaces and line breaks are ignored. */
export function fromHex(text: string): Buffer {
  const clean = text.replace(/\s+/g, '');
  assert.match(clean, /^(?:[0-9a-fA-F]{2})*$/, 'test hex must be whole bytes');
  return Buffer.from(clean, 'hex');
}

/** Upper-case hex of bytes, for comparing against published frames. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').toUpperCase();
}

/** The bytes between the two flags of a frame written with its flags. */
export function innerOf(frame: Uint8Array): Uint8Array {
  assert.equal(frame[0], 0x7e, 'frame starts with a flag');
  assert.equal(frame[frame.length - 1], 0x7e, 'frame ends with a flag');
  return frame.subarray(1, frame.length - 1);
}

export function expectPacket(result: FrameResult): Jt808Packet {
  if (result.type === 'error')
    assert.fail(`expected a packet, got ${JSON.stringify(result.error)}`);
  return result.packet;
}

export function expectError(result: FrameResult | MessageResult): Jt808DecodeError {
  if (result.type !== 'error') assert.fail(`expected an error, got ${result.type}`);
  return result.error;
}

export function expectMessage<K extends Jt808Message['kind']>(
  result: MessageResult,
  kind: K,
): Extract<Jt808Message, { kind: K }> {
  if (result.type === 'error') assert.fail(`expected ${kind}, got ${JSON.stringify(result.error)}`);
  assert.equal(result.message.kind, kind);
  return result.message as Extract<Jt808Message, { kind: K }>;
}
