// Test support: reads a live event stream over real HTTP with fetch and parses its frames.
import type { LiveEvent } from '@citygov/contracts';

export interface SseFrame {
  /** 'message' for events; 'ready', 'reset' for control frames; 'comment' for heartbeats. */
  event: string;
  id: string | undefined;
  data: string;
  receivedAt: number;
}

export interface SseTestClient {
  status: number;
  headers: Headers;
  frames: SseFrame[];
  /** Resolves with the first frame (from `from` on) that `match` accepts; rejects after `ms`. */
  waitFor(match: (frame: SseFrame) => boolean, ms?: number, from?: number): Promise<SseFrame>;
  /** Resolves when the server ends the stream; rejects after `ms`. */
  waitForEnd(ms?: number): Promise<void>;
  /** The events (message frames) received so far. */
  events(): Array<LiveEvent & { receivedAt: number }>;
  close(): void;
}

function parseFrame(block: string, receivedAt: number): SseFrame {
  const frame: SseFrame = { event: 'message', id: undefined, data: '', receivedAt };
  const data: string[] = [];
  let isComment = true;
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    isComment = false;
    const at = line.indexOf(':');
    const field = at < 0 ? line : line.slice(0, at);
    const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
    if (field === 'event') frame.event = value;
    else if (field === 'id') frame.id = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry') frame.event = 'retry';
  }
  if (isComment) frame.event = 'comment';
  frame.data = data.join('\n');
  return frame;
}

/** Opens `url` as an event stream with the given headers (a session's, Last-Event-ID ...). */
export async function openSseClient(
  url: string,
  headers: Record<string, string>,
): Promise<SseTestClient> {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  const frames: SseFrame[] = [];
  const waiters = new Set<() => void>();
  let isEnded = false;
  const wake = () => {
    for (const w of waiters) w();
  };
  if (res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            frames.push(parseFrame(buffer.slice(0, end), Date.now()));
            buffer = buffer.slice(end + 2);
          }
          wake();
        }
      } catch {
        // aborted or reset: the stream is over either way
      }
      isEnded = true;
      wake();
    })();
  } else {
    isEnded = true;
  }

  function until<T>(check: () => T | undefined, ms: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const tryNow = () => {
        const found = check();
        if (found === undefined) return false;
        clearTimeout(timer);
        waiters.delete(onWake);
        resolve(found);
        return true;
      };
      const onWake = () => void tryNow();
      const timer = setTimeout(() => {
        waiters.delete(onWake);
        reject(new Error(`${what} within ${ms} ms; frames: ${JSON.stringify(frames.slice(-5))}`));
      }, ms);
      if (!tryNow()) waiters.add(onWake);
    });
  }

  return {
    status: res.status,
    headers: res.headers,
    frames,
    waitFor: (match, ms = 3000, from = 0) =>
      until(() => frames.slice(from).find(match), ms, 'no matching frame'),
    waitForEnd: (ms = 3000) =>
      until(() => (isEnded ? true : undefined), ms, 'no end').then(() => {}),
    events: () =>
      frames
        .filter((f) => f.event === 'message')
        .map((f) => ({ ...(JSON.parse(f.data) as LiveEvent), receivedAt: f.receivedAt })),
    close: () => controller.abort(),
  };
}
