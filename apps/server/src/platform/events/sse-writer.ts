// Writes Server-Sent Events frames to one response, with a bound on what may wait in memory:
// a client that does not read (a dead network, a stalled tab) is dropped, not buffered forever.
import type { LiveEvent } from '@citygov/contracts';
import type { OutboxEvent } from './outbox-repository.ts';

/** The part of a response (http.ServerResponse) the writer uses. */
export interface SseSink {
  write(chunk: string): boolean;
  readonly writableLength: number;
  readonly destroyed: boolean;
  destroy(): void;
}

/** The stream's frame of an event: its outbox id (for Last-Event-ID) and the JSON. */
export function eventFrame(event: OutboxEvent): string {
  const data: LiveEvent = {
    id: event.id,
    topic: event.topic,
    regionCode: event.regionCode,
    createdAt: event.createdAt.toISOString(),
    payload: event.payload,
  };
  return `id: ${event.id}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A named control frame (ready, reset). */
export const namedFrame = (name: string, data: object) =>
  `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

export interface SseWriter {
  /** Writes a frame; false when the client is gone or was just dropped for falling behind. */
  send(frame: string): boolean;
  readonly isOpen: boolean;
}

export function createSseWriter(
  sink: SseSink,
  options: { maxBufferedBytes: number; onDrop?: () => void },
): SseWriter {
  let isDropped = false;
  return {
    send(frame) {
      if (isDropped || sink.destroyed) return false;
      sink.write(frame);
      if (sink.writableLength > options.maxBufferedBytes) {
        isDropped = true;
        options.onDrop?.();
        sink.destroy();
        return false;
      }
      return true;
    },
    get isOpen() {
      return !isDropped && !sink.destroyed;
    },
  };
}
