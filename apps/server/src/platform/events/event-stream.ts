// One live stream (Server-Sent Events): replays from a resume point when asked, then follows
// the hub; heartbeats keep proxies from closing an idle connection and re-check the caller's
// session or key, so a logout, a disabled account or a lost role ends or narrows the stream.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.ts';
import type { Principal } from '../auth/principal.ts';
import { resolveApiKey, resolveSession, SESSION_COOKIE } from '../auth/sessions.ts';
import { AppError } from '../errors.ts';
import { Gauge } from 'prom-client';
import { counter, registry } from '../http/metrics.ts';
import { canReceive } from './audience.ts';
import type { LiveClient, LiveHub } from './live-hub.ts';
import { readEventsAfter, type OutboxEvent } from './outbox-repository.ts';
import { createSseWriter, eventFrame, namedFrame } from './sse-writer.ts';

export interface StreamLimits {
  heartbeatMs: number;
  /** Bytes a client may leave unread before it is dropped. */
  maxBufferedBytes: number;
  /** Events a resume may replay; further behind, the client is told to reset. */
  maxReplay: number;
  /** Streams one user or key may hold open in one process (tabs, screens). */
  maxPerCaller: number;
  /** Streams one process serves at most. */
  maxClients: number;
}

export const defaultStreamLimits: Omit<StreamLimits, 'heartbeatMs'> = {
  maxBufferedBytes: 1024 * 1024,
  maxReplay: 1000,
  maxPerCaller: 10,
  maxClients: 10_000,
};

const openStreams =
  (registry.getSingleMetric('citygov_events_streams_open') as Gauge | undefined) ??
  new Gauge({
    name: 'citygov_events_streams_open',
    help: 'Live event streams open in this process',
    registers: [registry],
  });

const dropped = counter(
  'citygov_events_stream_dropped_total',
  'Live event streams dropped because the client did not read',
);

type Credential = { kind: 'session'; token: string } | { kind: 'api_key'; secret: string };

function credentialOf(request: FastifyRequest): Credential | null {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return { kind: 'api_key', secret: header };
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { kind: 'api_key', secret: auth.slice(7).trim() };
  const token = request.cookies[SESSION_COOKIE];
  return token ? { kind: 'session', token } : null;
}

async function resolveAgain(db: Db, credential: Credential): Promise<Principal | null> {
  return credential.kind === 'session'
    ? ((await resolveSession(db, credential.token))?.principal ?? null)
    : resolveApiKey(db, credential.secret);
}

const callerKey = (p: Principal) =>
  p.kind === 'api_key' ? `key:${p.apiKey!.id}` : `user:${p.userId ?? p.username}`;

export interface StreamRequest {
  matchesTopic: (topic: string) => boolean;
  /** Resume after this id (Last-Event-ID). */
  resumeAfter: number | null;
}

/** Serves the stream on `reply` until the client leaves, falls behind or the process stops. */
export async function serveEventStream(
  db: Db,
  hub: LiveHub,
  request: FastifyRequest,
  reply: FastifyReply,
  input: StreamRequest,
  limits: StreamLimits,
): Promise<void> {
  const key = callerKey(request.principal);
  if (hub.countOf(key) >= limits.maxPerCaller) {
    throw new AppError(
      'rate_limited',
      `At most ${limits.maxPerCaller} live streams per caller; close another tab or screen`,
    );
  }
  if (hub.clientCount >= limits.maxClients) {
    throw new AppError('unavailable', 'This server holds as many live streams as it may');
  }
  await hub.ensureTailing();

  // From here the response is ours: Fastify's hooks and serializers no longer run, so the
  // headers set so far (helmet's) are copied, and nothing compresses or buffers the stream.
  reply.hijack();
  const res = reply.raw;
  const headers: Record<string, string | number | string[]> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) headers[name] = value;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    'x-accel-buffering': 'no', // nginx: pass each frame on at once
  });
  request.raw.socket?.setTimeout(0);
  const writer = createSseWriter(res, {
    maxBufferedBytes: limits.maxBufferedBytes,
    onDrop: () => dropped.inc(),
  });
  writer.send('retry: 3000\n\n');

  const credential = credentialOf(request);
  let pending: OutboxEvent[] | null = input.resumeAfter === null ? null : [];
  const replayed = new Set<number>();
  let replayedCount = 0;
  const client: LiveClient = {
    principal: request.principal,
    key,
    matchesTopic: input.matchesTopic,
    deliver(event, frame) {
      // Nothing at or before the resume point: the tail may lag the replay by a poll.
      if (input.resumeAfter !== null && event.id <= input.resumeAfter) return;
      if (pending) pending.push(event);
      else if (!replayed.has(event.id)) writer.send(frame);
    },
    close: () => res.end(),
  };
  const detach = hub.attach(client);
  openStreams.inc();
  let heartbeat: NodeJS.Timeout | null = null;
  let isClosed = false;
  const cleanUp = () => {
    if (isClosed) return;
    isClosed = true;
    detach();
    openStreams.dec();
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
  };
  res.on('close', cleanUp);
  if (res.destroyed) cleanUp(); // gone before we listened

  try {
    if (input.resumeAfter !== null) {
      // Live events wait in `pending` meanwhile; the replay reads everything committed so far.
      const events = await readEventsAfter(db, input.resumeAfter, limits.maxReplay + 1);
      if (events.length > limits.maxReplay) {
        writer.send(namedFrame('reset', { reason: 'too_far_behind' }));
      } else {
        for (const event of events) {
          replayed.add(event.id);
          if (client.matchesTopic(event.topic) && canReceive(client.principal, event)) {
            writer.send(eventFrame(event));
            replayedCount++;
          }
        }
      }
      const waiting = pending ?? [];
      pending = null;
      for (const event of waiting) {
        if (!replayed.has(event.id)) writer.send(eventFrame(event));
      }
    }
    writer.send(namedFrame('ready', { replayed: replayedCount }));
  } catch (error) {
    request.log.error({ err: error }, 'live event stream failed to start');
    res.destroy();
    return;
  }

  if (isClosed) return; // left during the replay
  heartbeat = setInterval(() => {
    if (!writer.isOpen) return cleanUp();
    void (async () => {
      if (credential) {
        const principal = await resolveAgain(db, credential).catch(() => client.principal);
        if (!principal) {
          res.end(); // logged out, disabled or revoked
          return;
        }
        client.principal = principal;
      }
      writer.send(': ping\n\n');
    })();
  }, limits.heartbeatMs);
  heartbeat.unref();
}
