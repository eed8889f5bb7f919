// Event delivery's public face: modules subscribe to events; the server registers the live
// stream route and starts the publisher.
import type { AppContext } from '../http/context.ts';
import { registerPeriodicJob } from '../scheduler/index.ts';
import { createEventPublisher, type EventPublisher } from './event-handlers.ts';
import { eventRetentionJob } from './event-retention.ts';

export {
  subscribe,
  publishDueEvents,
  createEventPublisher,
  type EventHandler,
  type EventHandlerContext,
  type EventPublisher,
  type PublishReport,
} from './event-handlers.ts';
export type { OutboxEvent } from './outbox-repository.ts';
export { canReceive, EVENTS_READ, ownerOf } from './audience.ts';
export { registerEventRoutes, liveHubOf } from './events-routes.ts';
export { eventRetentionJob } from './event-retention.ts';

/** Starts this process's publisher (module handlers) and registers the retention job. */
export function startEventPublisher(
  ctx: AppContext,
  options: { log?: { error(obj: object, msg: string): void } } = {},
): EventPublisher {
  registerPeriodicJob(eventRetentionJob(ctx.config.eventsRetentionDays));
  const publisher = createEventPublisher(ctx.db, {
    pollMs: ctx.config.eventsPollMs,
    log: options.log,
  });
  publisher.start();
  return publisher;
}
