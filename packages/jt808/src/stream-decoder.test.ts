import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { FrameResult } from './frame.ts';
import { DEFAULT_MAX_FRAME_BYTES, FrameSplitter } from './frame-splitter.ts';
import { Jt808StreamDecoder } from './stream-decoder.ts';
import { fromHex, toHex } from './test-support.ts';

// Hand-built frames (checks worked out in frame.test.ts).
const HEARTBEAT = fromHex('7E 0002 0000 013800138000 0001 A9 7E');
const HEARTBEAT_2019 = fromHex('7E 0002 4000 01 00000000013800138000 0007 EE 7E');
const REPLY_WITH_FLAG_BYTES = fromHex('7E 8001 0005 013800138000 0001 7D02 7D01 0200 00 2E 7E');
const CHECK_IS_FLAG = fromHex('7E 0002 0000 013800138000 00D6 7D02 7E');

function summarize(results: FrameResult[]): string[] {
  return results.map((result) =>
    result.type === 'packet'
      ? `${result.packet.header.messageId.toString(16)}#${result.packet.header.serial}`
      : result.error.kind,
  );
}

function pushAll(decoder: Jt808StreamDecoder, chunks: Uint8Array[]): FrameResult[] {
  return chunks.flatMap((chunk) => decoder.push(chunk));
}

describe('stream decoder', () => {
  it('does yield every frame when several arrive in one chunk', () => {
    const stream = Buffer.concat([HEARTBEAT, REPLY_WITH_FLAG_BYTES, HEARTBEAT_2019, CHECK_IS_FLAG]);
    assert.deepEqual(summarize(new Jt808StreamDecoder().push(stream)), [
      '2#1',
      '8001#1',
      '2#7',
      '2#214',
    ]);
  });

  it('does yield the same frames whatever byte the stream is split at', () => {
    const stream = Buffer.concat([HEARTBEAT, REPLY_WITH_FLAG_BYTES, CHECK_IS_FLAG, HEARTBEAT_2019]);
    const expected = ['2#1', '8001#1', '2#214', '2#7'];
    for (let cut = 0; cut <= stream.length; cut++) {
      const decoder = new Jt808StreamDecoder();
      const results = pushAll(decoder, [stream.subarray(0, cut), stream.subarray(cut)]);
      assert.deepEqual(summarize(results), expected, `split at byte ${cut}`);
      assert.equal(decoder.bufferedBytes, 0);
    }
  });

  it('does yield the same frames when fed one byte at a time', () => {
    const stream = Buffer.concat([REPLY_WITH_FLAG_BYTES, CHECK_IS_FLAG]);
    const decoder = new Jt808StreamDecoder();
    const chunks = [...stream].map((byte) => Uint8Array.of(byte));
    assert.deepEqual(summarize(pushAll(decoder, chunks)), ['8001#1', '2#214']);
  });

  it('does not read a frame whose chunk buffer the caller reuses afterwards', () => {
    const decoder = new Jt808StreamDecoder();
    const chunk = Buffer.from(HEARTBEAT.subarray(0, 10));
    assert.deepEqual(decoder.push(chunk), []);
    chunk.fill(0xff); // a socket reading into a fixed buffer would do this
    assert.deepEqual(summarize(decoder.push(HEARTBEAT.subarray(10))), ['2#1']);
  });

  it('does report leading garbage once and then decode the frame', () => {
    const stream = Buffer.concat([Buffer.from('GET / HTTP/1.1\r\n'), HEARTBEAT]);
    const results = new Jt808StreamDecoder().push(stream);
    assert.deepEqual(summarize(results), ['garbage', '2#1']);
    assert.equal(results[0]?.type === 'error' && results[0].error.byteCount, 16);
  });

  it('does skip empty frames between adjacent flags', () => {
    const stream = Buffer.concat([
      fromHex('7E 7E 7E'),
      HEARTBEAT,
      fromHex('7E 7E'),
      HEARTBEAT_2019,
    ]);
    assert.deepEqual(summarize(new Jt808StreamDecoder().push(stream)), ['2#1', '2#7']);
  });

  it('does report garbage between frames as a bad frame and keep decoding after it', () => {
    // Between the end flag of one frame and the start flag of the next: not a frame.
    const shortGarbage = Buffer.concat([HEARTBEAT, fromHex('01 02 03'), HEARTBEAT_2019]);
    assert.deepEqual(summarize(new Jt808StreamDecoder().push(shortGarbage)), [
      '2#1',
      'truncated',
      '2#7',
    ]);
    const longGarbage = Buffer.concat([
      HEARTBEAT,
      Buffer.from('hello world, not a frame'),
      HEARTBEAT,
    ]);
    assert.deepEqual(summarize(new Jt808StreamDecoder().push(longGarbage)), [
      '2#1',
      'bad_check',
      '2#1',
    ]);
  });

  it('does keep decoding after bad check, bad escape and bad length frames', () => {
    const stream = Buffer.concat([
      fromHex('7E 0002 0000 013800138000 0001 A8 7E'), // check should be A9
      HEARTBEAT,
      fromHex('7E 0002 0000 013800138000 0001 7D03 7E'), // 7D 03 is no escape
      fromHex('7E 0002 0002 013800138000 0001 05 AE 7E'), // says 2 body bytes, has 1
      HEARTBEAT_2019,
    ]);
    assert.deepEqual(summarize(new Jt808StreamDecoder().push(stream)), [
      'bad_check',
      '2#1',
      'bad_escape',
      'bad_length',
      '2#7',
    ]);
  });

  it('does drop a run longer than the maximum without holding it in memory', () => {
    const decoder = new Jt808StreamDecoder({ maxFrameBytes: 64 });
    const results: FrameResult[] = [];
    results.push(...decoder.push(fromHex('7E')));
    for (let i = 0; i < 1000; i++) {
      results.push(...decoder.push(Buffer.alloc(100, 0x41)));
      assert.ok(decoder.bufferedBytes <= 64, 'buffer stays bounded');
    }
    results.push(...decoder.push(Buffer.concat([fromHex('7E'), HEARTBEAT])));
    assert.deepEqual(summarize(results), ['oversize', '2#1']);
  });

  it('does report an endless garbage stream without a flag in bounded pieces', () => {
    const decoder = new Jt808StreamDecoder({ maxFrameBytes: 100 });
    const results = pushAll(
      decoder,
      Array.from({ length: 10 }, () => Buffer.alloc(50, 0x20)),
    );
    assert.deepEqual(summarize(results), ['garbage', 'garbage', 'garbage', 'garbage', 'garbage']);
    assert.equal(decoder.bufferedBytes, 0);
  });

  it('does allow the largest legal escaped frame by default', () => {
    // 2019 header with package item (21) + 1023 body + check, every byte escaped.
    assert.equal(DEFAULT_MAX_FRAME_BYTES, 2 * (21 + 1023 + 1));
  });

  it('does never throw and stays bounded on random bytes', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const decoder = new Jt808StreamDecoder();
    for (let round = 0; round < 2000; round++) {
      const chunk = Buffer.alloc(1 + (random() % 300));
      // Bias towards the interesting bytes so flags and escapes are common.
      for (let i = 0; i < chunk.length; i++) {
        const r = random() % 10;
        chunk[i] = r === 0 ? 0x7e : r === 1 ? 0x7d : random() & 0xff;
      }
      assert.doesNotThrow(() => decoder.push(chunk));
      assert.ok(decoder.bufferedBytes <= DEFAULT_MAX_FRAME_BYTES);
    }
    assert.deepEqual(
      summarize(decoder.push(Buffer.concat([fromHex('7E'), HEARTBEAT]))).at(-1),
      '2#1',
    );
  });
});

describe('frame splitter', () => {
  it('does hand out the escaped bytes between flags untouched', () => {
    const events = new FrameSplitter().push(REPLY_WITH_FLAG_BYTES);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.type, 'frame');
    if (events[0]?.type === 'frame') {
      assert.equal(toHex(events[0].content), '800100050138001380000001' + '7D027D01020000' + '2E');
    }
  });
});
