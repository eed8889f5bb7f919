import { Type, type Static } from 'typebox';

/**
 * GET /api/events/stream (Server-Sent Events). Send `Accept: text/event-stream` (EventSource
 * does). Frames: each event as `id: <outbox id>` + `data: <LiveEvent JSON>` (the default
 * "message" type); `event: ready` once the stream is live (after any replay); `event: reset`
 * when a resume point is too far behind to replay (refetch what is on screen); `: ping`
 * comments as heartbeats. Reconnect with `Last-Event-ID` (EventSource does it) to resume.
 */
export const EventStreamQuery = Type.Object(
  {
    topics: Type.Optional(
      Type.String({
        maxLength: 1000,
        description:
          'Comma-separated topic patterns, e.g. `case.*,task.*` (`*` matches any rest); all topics when absent',
      }),
    ),
    lastEventId: Type.Optional(
      Type.String({
        pattern: '^[0-9]{1,15}$',
        description: 'Resume after this event id (as the Last-Event-ID header does)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type EventStreamQuery = Static<typeof EventStreamQuery>;

export const EventStreamHeaders = Type.Object({
  'last-event-id': Type.Optional(
    Type.String({ pattern: '^[0-9]{1,15}$', description: 'Resume after this event id' }),
  ),
});
export type EventStreamHeaders = Static<typeof EventStreamHeaders>;

/** One event on the live stream. */
export const LiveEvent = Type.Object({
  id: Type.Integer(),
  /** `<workflow>.<action>` for workflow transitions (`task.accept`), or a module's own topic. */
  topic: Type.String(),
  regionCode: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  /**
   * What happened. Workflow transitions carry instanceId, subjectType, subjectId, action, from,
   * to, actor, at, deadlines; an event about a citizen's own record carries `ownerUserId`.
   */
  payload: Type.Record(Type.String(), Type.Unknown()),
});
export type LiveEvent = Static<typeof LiveEvent>;

/** `event: ready`: the stream is live; `replayed` events were resent from Last-Event-ID. */
export const EventStreamReady = Type.Object({ replayed: Type.Integer() });
export type EventStreamReady = Static<typeof EventStreamReady>;

/** `event: reset`: events were missed and cannot be replayed; reload what is shown. */
export const EventStreamReset = Type.Object({ reason: Type.String() });
export type EventStreamReset = Static<typeof EventStreamReset>;
