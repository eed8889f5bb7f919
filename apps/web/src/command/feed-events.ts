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
  const timers = new Map<string, LiveEvent[]>();
  for (const event of events) {
    if (!event.topic.includes('.timer.')) continue;
    const { action } = describeEvent(event);
    timers.set(action, [...(timers.get(action) ?? []), event]);
  }
  return events.flatMap((event) => {
    if (!event.topic.includes('.timer.')) return [event];
    const burst = timers.get(describeEvent(event).action)!;
    if (burst.length <= TIMERS_SHOWN_EACH) return [event];
    if (burst.at(-1) !== event) return [];
    return [{ ...event, payload: { ...event.payload, subjectId: null, count: burst.length } }];
  });
}
