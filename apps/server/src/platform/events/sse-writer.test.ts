import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createSseWriter, eventFrame, type SseSink } from './sse-writer.ts';

/** A response whose client reads nothing: every byte written stays buffered. */
function stalledSink(): SseSink & { chunks: string[] } {
  const chunks: string[] = [];
  let buffered = 0;
  let destroyed = false;
  return {
    chunks,
    write(chunk) {
      chunks.push(chunk);
      buffered += Buffer.byteLength(chunk);
      return false;
    },
    get writableLength() {
      return buffered;
    },
    get destroyed() {
      return destroyed;
    },
    destroy() {
      destroyed = true;
    },
  };
}

describe('event stream writer', () => {
  it('does drop a client that leaves more than the bound unread, and write nothing after', () => {
    const sink = stalledSink();
    let drops = 0;
    const writer = createSseWriter(sink, { maxBufferedBytes: 1000, onDrop: () => drops++ });
    const frame = `data: ${'x'.repeat(290)}\n\n`;
    assert.equal(writer.send(frame), true);
    assert.equal(writer.send(frame), true);
    assert.equal(writer.send(frame), true);
    assert.equal(writer.send(frame), false); // 1,192 bytes waiting: over the bound
    assert.equal(sink.destroyed, true);
    assert.equal(writer.isOpen, false);
    assert.equal(writer.send(frame), false);
    assert.equal(sink.chunks.length, 4);
    assert.equal(drops, 1);
  });

  it('does frame an event with its id and its JSON on one data line', () => {
    const frame = eventFrame({
      id: 42,
      topic: 'case.reported',
      regionCode: '500103',
      payload: { note: 'line one\nline two' },
      createdAt: new Date('2026-10-08T01:00:00Z'),
    });
    const lines = frame.split('\n');
    assert.equal(lines[0], 'id: 42');
    assert.ok(lines[1]!.startsWith('data: '));
    assert.deepEqual(lines.slice(2), ['', '']);
    assert.deepEqual(JSON.parse(lines[1]!.slice(6)), {
      id: 42,
      topic: 'case.reported',
      regionCode: '500103',
      createdAt: '2026-10-08T01:00:00.000Z',
      payload: { note: 'line one\nline two' },
    });
  });
});
