import { decodeFrame, type FrameResult } from './frame.ts';
import { FrameSplitter, type FrameSplitterOptions, type SplitEvent } from './frame-splitter.ts';

/**
 * TCP chunks in, decoded packets and typed errors out, in stream order. Never throws for any
 * input: malformed frames become { type: 'error' } results the gateway counts and answers or drops.
 */
export class Jt808StreamDecoder {
  readonly #splitter: FrameSplitter;
  readonly #events: SplitEvent[] = [];

  constructor(options: FrameSplitterOptions = {}) {
    this.#splitter = new FrameSplitter(options);
  }

  /** Bytes held for a frame not yet closed (bounded by maxFrameBytes). */
  get bufferedBytes(): number {
    return this.#splitter.bufferedBytes;
  }

  push(chunk: Uint8Array): FrameResult[] {
    const events = this.#events;
    events.length = 0;
    this.#splitter.push(chunk, events);
    const results: FrameResult[] = [];
    for (const event of events) {
      results.push(event.type === 'frame' ? decodeFrame(event.content) : event);
    }
    events.length = 0;
    return results;
  }

  reset(): void {
    this.#splitter.reset();
  }
}
