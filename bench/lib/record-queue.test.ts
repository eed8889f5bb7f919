import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RecordQueue } from './record-queue.ts';

describe('RecordQueue', () => {
  it('hands records out round-robin when they are given back', async () => {
    const queue = new RecordQueue(['a', 'b', 'c']);
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const item = await queue.take();
      seen.push(item);
      queue.give(item);
    }
    assert.deepEqual(seen, ['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('makes a taker wait when every record is in use, then gives it the returned one', async () => {
    const queue = new RecordQueue([1]);
    const first = await queue.take();
    let second: number | undefined;
    const pending = queue.take().then((n) => (second = n));
    await Promise.resolve();
    assert.equal(second, undefined);
    queue.give(first);
    await pending;
    assert.equal(second, 1);
    assert.equal(queue.idleCount, 0);
  });
});
