// GET /api/events/stream: live events for staff screens and citizens' own records (SSE).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, EventStreamHeaders, EventStreamQuery } from '@citygov/contracts';
import type { AppContext } from '../http/context.ts';
import { AppError, invalid } from '../errors.ts';
import { createLiveHub, type LiveHub } from './live-hub.ts';
import { defaultStreamLimits, serveEventStream, type StreamLimits } from './event-stream.ts';
import { parseTopicFilter } from './topics.ts';

const hubs = new WeakMap<FastifyInstance, LiveHub>();

/** The live hub serving `app`'s streams (tests look at its clients). */
export const liveHubOf = (app: FastifyInstance) => hubs.get(app);

/** Whether the request accepts an event stream (EventSource sends exactly this). */
const acceptsEventStream = (accept: string | undefined) =>
  accept?.split(',').some((type) => type.trim().split(';')[0] === 'text/event-stream') ?? false;

export function registerEventRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  limits: Partial<StreamLimits> = {},
) {
  const hub = createLiveHub(ctx.db, { pollMs: ctx.config.eventsPollMs, log: app.log });
  hubs.set(app, hub);
  const streamLimits: StreamLimits = {
    ...defaultStreamLimits,
    heartbeatMs: ctx.config.eventsHeartbeatMs,
    ...limits,
  };
  // Open streams would keep the server from closing: end them first, then stop tailing.
  app.addHook('preClose', async () => hub.closeClients());
  app.addHook('onClose', async () => hub.stop());

  app.withTypeProvider<TypeBoxTypeProvider>().get(
    '/api/events/stream',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'Live events in the caller’s scope (Server-Sent Events)',
        description:
          'Staff receive the events of their regions, citizens and enterprises those about their ' +
          'own records. Needs `Accept: text/event-stream`. Resume with Last-Event-ID.',
        tags: ['events'],
        querystring: EventStreamQuery,
        headers: EventStreamHeaders,
        response: {
          200: {
            description: 'An endless text/event-stream of LiveEvent frames',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          400: ErrorBody,
          401: ErrorBody,
          429: ErrorBody,
          503: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      // A plain fetch or a browser tab would wait forever on an endless answer: ask for intent.
      if (!acceptsEventStream(request.headers.accept)) {
        throw new AppError(
          'bad_request',
          'This is an event stream: send Accept: text/event-stream',
          {
            field: 'accept',
          },
        );
      }
      const filter = parseTopicFilter(request.query.topics);
      if ('badPattern' in filter) {
        throw invalid('topics', `topics: "${filter.badPattern}" is not a topic pattern`);
      }
      const resume = request.headers['last-event-id'] ?? request.query.lastEventId;
      await serveEventStream(
        ctx.db,
        hub,
        request,
        reply,
        { matchesTopic: filter.matches, resumeAfter: resume === undefined ? null : Number(resume) },
        streamLimits,
      );
    },
  );
}
