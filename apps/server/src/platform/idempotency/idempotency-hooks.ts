// Idempotency-Key on creating POSTs: a retried request (a flaky bank terminal, a mobile
// network) gets the first answer back and runs nothing again.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../errors.ts';
import { canonicalJson } from '../audit/canonical-json.ts';
import type { AppContext } from '../http/context.ts';
import { principalIdentity } from './principal-identity.ts';
import { registerPeriodicJob } from '../scheduler/scheduler.ts';
import {
  claimKey,
  completeKey,
  purgeExpiredIdempotencyKeys,
  releaseKey,
} from './idempotency-store.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

const coveredPrefixes = ['/api/', '/open311/'];
// Session routes hand out cookies and tokens: an answer worth replaying never comes from them.
const exemptPrefixes = ['/api/auth/'];
const keyPattern = /^[\x20-\x7e]{1,200}$/;

// Keys older than the TTL are forgotten; an hourly sweep keeps the table small.
registerPeriodicJob({
  name: 'idempotency.purge',
  intervalSeconds: 3600,
  run: async (db) => {
    await purgeExpiredIdempotencyKeys(db);
  },
});

interface Claim {
  principal: string;
  key: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyClaim: Claim | null;
  }
}

function isCovered(request: FastifyRequest, path: string): boolean {
  if (request.method !== 'POST' || request.routeOptions.url === undefined) return false;
  if (!coveredPrefixes.some((p) => path.startsWith(p))) return false;
  if (exemptPrefixes.some((p) => path.startsWith(p))) return false;
  // Uploads stream their body to the handler; they are idempotent anyway (named by sha256).
  return !request.headers['content-type']?.toLowerCase().startsWith('multipart/');
}

function hashRequest(request: FastifyRequest): string {
  const body: unknown = request.body;
  const hash = createHash('sha256').update(`${request.method} ${request.url}\n`);
  if (Buffer.isBuffer(body) || typeof body === 'string') hash.update(body);
  else hash.update(canonicalJson(body));
  return hash.digest('hex');
}

/** The key from the header, or null when the request carries none; 400 when it is malformed. */
function keyOf(request: FastifyRequest): string | null {
  const raw = request.headers[IDEMPOTENCY_HEADER];
  if (raw === undefined) return null;
  if (typeof raw !== 'string' || !keyPattern.test(raw)) {
    throw invalid(
      'Idempotency-Key',
      'Idempotency-Key must be one header of 1 to 200 printable ASCII characters',
    );
  }
  return raw;
}

/** Registers the hooks; call before any route is added. */
export function registerIdempotency(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('idempotencyClaim', null);

  // preHandler: after the guard (who is calling) and body validation, before the handler.
  app.addHook('preHandler', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (!isCovered(request, path)) return;
    const key = keyOf(request);
    if (key === null) return;
    const principal = principalIdentity(request.principal);
    const requestHash = hashRequest(request);
    const claim = await claimKey(ctx.db, {
      principal,
      key,
      method: request.method,
      path,
      requestHash,
    });
    if (claim.isClaimed) {
      request.idempotencyClaim = { principal, key };
      return;
    }
    const { stored } = claim;
    if (stored.request_hash !== requestHash) {
      throw new AppError(
        'idempotency_conflict',
        'This Idempotency-Key was already used for a different request',
        { field: 'Idempotency-Key', method: stored.method, path: stored.path },
      );
    }
    if (stored.status === null) {
      throw new AppError(
        'conflict',
        'A request with this Idempotency-Key is still being processed; retry later',
        { field: 'Idempotency-Key' },
      );
    }
    reply.code(stored.status).header(REPLAYED_HEADER, 'true');
    if (stored.response_type) reply.type(stored.response_type);
    return reply.send(stored.response_body ?? '');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = null;
    try {
      if (reply.statusCode >= 500) {
        // Failed on our side: forget the key so the client may retry.
        await releaseKey(ctx.db, claim.principal, claim.key);
      } else {
        // A streamed answer cannot be replayed; its status is kept so nothing runs twice.
        const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? String(payload) : '';
        const contentType = reply.getHeader('content-type');
        await completeKey(ctx.db, claim.principal, claim.key, {
          status: reply.statusCode,
          body,
          contentType: typeof contentType === 'string' ? contentType : null,
        });
      }
    } catch (error) {
      // The handler's work is done and committed: the client still gets its answer. The key
      // stays "in flight" until it expires, so a retry is refused rather than run twice.
      request.log.error({ err: error, key: claim.key }, 'could not store the idempotent answer');
    }
    return payload;
  });
}
