import { createDecodeError, type Jt808DecodeError } from './decode-error.ts';
import { FLAG } from './escape.ts';
import { getHeaderLength, MAX_BODY_LENGTH } from './header.ts';

/** Largest escaped frame content: 2019 header with package item + 1023-byte body + check, all escaped. */
export const DEFAULT_MAX_FRAME_BYTES = 2 * (getHeaderLength(2019, true) + MAX_BODY_LENGTH + 1);

export type SplitEvent =
  { type: 'frame'; content: Uint8Array } | { type: 'error'; error: Jt808DecodeError };

export interface FrameSplitterOptions {
  /** Escaped bytes allowed between two flags before the run is dropped as 'oversize'. */
  maxFrameBytes?: number;
}

/**
 * Cuts a TCP byte stream into the runs between 0x7E flags. Every non-empty run between two
 * flags is a frame candidate (escaping guarantees a real frame holds no 0x7E), so the split
 * resynchronises on its own after garbage; empty runs (adjacent flags) are skipped. Memory is
 * bounded by maxFrameBytes. Emitted content may share memory with the pushed chunk.
 */
export class FrameSplitter {
  readonly maxFrameBytes: number;
  #state: 'seeking' | 'in_frame' | 'discarding' = 'seeking';
  #pending: Buffer[] = [];
  #pendingLength = 0;
  #garbageRun = 0;

  constructor(options: FrameSplitterOptions = {}) {
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  }

  /** Bytes held for a frame not yet closed by a flag. */
  get bufferedBytes(): number {
    return this.#pendingLength;
  }

  /** Feed one chunk; complete runs and errors are appended to out (returned for convenience). */
  push(chunk: Uint8Array, out: SplitEvent[] = []): SplitEvent[] {
    const length = chunk.length;
    let position = 0;
    while (position < length) {
      const flag = chunk.indexOf(FLAG, position);
      const runEnd = flag === -1 ? length : flag;
      if (this.#state === 'seeking') {
        this.#countGarbage(runEnd - position, flag !== -1, out);
      } else if (this.#state === 'in_frame') {
        this.#collect(chunk, position, runEnd, flag !== -1, out);
      }
      if (flag === -1) break;
      // A flag ends garbage, a frame or a discarded run; what follows is a new candidate.
      this.#state = 'in_frame';
      position = flag + 1;
    }
    return out;
  }

  /** Forget any partial frame (e.g. when the connection closes). */
  reset(): void {
    this.#state = 'seeking';
    this.#pending = [];
    this.#pendingLength = 0;
    this.#garbageRun = 0;
  }

  #countGarbage(count: number, isEnded: boolean, out: SplitEvent[]): void {
    this.#garbageRun += count;
    // Report a run when a flag ends it, or every maxFrameBytes of an endless one.
    if ((isEnded && this.#garbageRun > 0) || this.#garbageRun >= this.maxFrameBytes) {
      out.push({
        type: 'error',
        error: createDecodeError(
          'garbage',
          `${this.#garbageRun} bytes before a start flag`,
          null,
          this.#garbageRun,
        ),
      });
      this.#garbageRun = 0;
    }
  }

  #collect(chunk: Uint8Array, start: number, end: number, isClosed: boolean, out: SplitEvent[]) {
    const total = this.#pendingLength + (end - start);
    if (total > this.maxFrameBytes) {
      out.push({
        type: 'error',
        error: createDecodeError(
          'oversize',
          `more than ${this.maxFrameBytes} bytes without an end flag`,
          null,
          total,
        ),
      });
      this.#pending = [];
      this.#pendingLength = 0;
      if (!isClosed) this.#state = 'discarding';
      return;
    }
    if (!isClosed) {
      // Copy: the caller may reuse its chunk buffer after push returns.
      this.#pending.push(Buffer.from(chunk.subarray(start, end)));
      this.#pendingLength = total;
      return;
    }
    if (total === 0) return;
    let content: Uint8Array;
    if (this.#pendingLength === 0) {
      content = chunk.subarray(start, end);
    } else {
      this.#pending.push(Buffer.from(chunk.buffer, chunk.byteOffset + start, end - start));
      content = Buffer.concat(this.#pending, total);
      this.#pending = [];
      this.#pendingLength = 0;
    }
    out.push({ type: 'frame', content });
  }
}
