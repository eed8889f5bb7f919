// What the live feed makes of case events: what one says, and a batch as the feed lists it.
import type { LiveEvent } from '@citygov/contracts';

/** What a case event says, from its payload (workflow transitions and timers). */
export function describeEvent(event: LiveEvent) {
  const p = event.payload;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const isTimer = event.topic.includes('.timer.');
  return {
    caseId: str(p.subjectId),
    action: isTimer ? `timer_${str(p.kind) ?? 'remind'}` : (str(p.action) ?? 'unknown'),
    toState: str(p.to) ?? str(p.state),
    at: str(p.at) ?? event.createdAt,
  };
}

/** Timers of one kind in a batch shown one by one up to this many, as one line beyond. */
const TIMERS_SHOWN_EACH = 3;

/**
 * A batch of events (oldest first) as the feed shows it: a burst of timers of one kind (many
 * cases going overdue at the same minute) becomes one line with their count, in place of the
 * last of them, so that it does not push everything else off the wall.
 */
export function collapseTimers(events: LiveEvent[]): LiveEvent[] {
  // Each timer's kind, and the timers of each kind in order: one pass, one description each.
  const kinds = events.map((event) =>
    event.topic.includes('.timer.') ? describeEvent(event).action : null,
  );
  const bursts = new Map<string, LiveEvent[]>();
  events.forEach((event, i) => {
    const kind = kinds[i];
    if (kind === null || kind === undefined) return;
    const burst = bursts.get(kind);
    if (burst) burst.push(event);
    else bursts.set(kind, [event]);
  });
  const shown: LiveEvent[] = [];
  events.forEach((event, i) => {
    const kind = kinds[i];
    const burst = kind === null || kind === undefined ? undefined : bursts.get(kind);
    if (burst === undefined || burst.length <= TIMERS_SHOWN_EACH) shown.push(event);
    else if (burst.at(-1) === event) {
      shown.push({ ...event, payload: { ...event.payload, subjectId: null, count: burst.length } });
    }
  });
  return shown;
}
