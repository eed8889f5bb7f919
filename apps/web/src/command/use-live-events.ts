// Follows GET /api/events/stream (SSE) for some topics. Events arrive in bursts (a dispatch to
// five departments is several events), so they are handed over in batches; `reset` (events
// missed beyond replay) asks the screen to reload everything. EventSource reconnects by
// itself and resumes with Last-Event-ID.
import { useEffect, useRef, useState } from 'react';
import type { LiveEvent } from '@citygov/contracts';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

const BATCH_MS = 300;
const RETRY_MS = 5000;

export function useLiveEvents(
  topics: string,
  onEvents: (events: LiveEvent[], isReset: boolean) => void,
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  // EventSource gives up for good on an HTTP error (a restart, a 503); start a new one then.
  const [attempt, setAttempt] = useState(0);
  const handler = useRef(onEvents);
  useEffect(() => {
    handler.current = onEvents;
  }, [onEvents]);

  useEffect(() => {
    const source = new EventSource(`/api/events/stream?topics=${encodeURIComponent(topics)}`);
    let pending: LiveEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const batch = pending;
      pending = [];
      if (batch.length) handler.current(batch, false);
    };
    source.addEventListener('ready', () => {
      setStatus('live');
      // A new stream after giving up has no resume point: what happened meanwhile is unknown.
      if (attempt > 0) handler.current([], true);
    });
    source.addEventListener('reset', () => {
      pending = [];
      handler.current([], true);
    });
    source.onmessage = (message: MessageEvent<string>) => {
      try {
        pending.push(JSON.parse(message.data) as LiveEvent);
      } catch {
        return; // not ours to understand; the next event will do
      }
      timer ??= setTimeout(flush, BATCH_MS);
    };
    let retry: ReturnType<typeof setTimeout> | null = null;
    source.onerror = () => {
      setStatus('reconnecting');
      if (source.readyState === EventSource.CLOSED) {
        retry = setTimeout(() => setAttempt((n) => n + 1), RETRY_MS);
      }
    };
    return () => {
      if (timer) clearTimeout(timer);
      if (retry) clearTimeout(retry);
      source.close();
    };
  }, [topics, attempt]);

  return status;
}
