// Deny by default: every API route declares its permission, checked before the body is read.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { anonymous, can, type Principal } from '../auth/principal.ts';
import { AUTHENTICATED, isKnownPermission, PUBLIC } from '../auth/permissions.ts';
import { recordApiKeyUse } from '../auth/api-keys.ts';
import { CSRF_COOKIE, resolveApiKey, resolveSession, SESSION_COOKIE } from '../auth/sessions.ts';
import type { AppContext } from './context.ts';
import './types.ts';

const guardedPrefixes = ['/api/', '/open311/', '/metrics'];
const isSafeMethod = (m: string) => m === 'GET' || m === 'HEAD' || m === 'OPTIONS';

function apiKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string' && header) return header;
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return undefined;
}

export function registerGuard(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('principal', null as unknown as Principal);

  app.addHook('onRoute', (route) => {
    const isGuarded = guardedPrefixes.some((p) => route.url.startsWith(p));
    if (!isGuarded) return;
    const permission = route.config?.permission;
    if (!permission) {
      throw new Error(`route ${route.method.toString()} ${route.url} declares no permission`);
    }
    if (!isKnownPermission(permission)) {
      throw new Error(`route ${route.url} names unknown permission "${permission}"`);
    }
  });

  app.addHook('onRequest', async (request) => {
    request.principal = anonymous;
  });

  // preParsing: after every onRequest hook, so the rate limiter (a route-level onRequest hook)
  // stops a flood of made-up keys or cookies before it reaches the database; and still before
  // the body is read.
  app.addHook('preParsing', async (request) => {
    const permission = request.routeOptions.config?.permission;
    const key = apiKeyOf(request);
    const cookie = request.cookies[SESSION_COOKIE];
    if (key) {
      const principal = await resolveApiKey(ctx.db, key);
      if (!principal)
        throw new AppError('unauthenticated', 'The API key is unknown, revoked or expired');
      request.principal = principal;
      await recordApiKeyUse(ctx.db, principal.apiKey!.id);
    } else if (cookie) {
      const found = await resolveSession(ctx.db, cookie);
      if (found) {
        request.principal = found.principal;
        if (!isSafeMethod(request.method) && request.headers['x-csrf-token'] !== found.csrfToken) {
          // A public write needs no identity: it goes on as anonymous rather than failing.
          if (permission === PUBLIC) request.principal = anonymous;
          else
            throw new AppError(
              'csrf_failed',
              `Cookie-authenticated writes must send the ${CSRF_COOKIE} cookie's value in X-CSRF-Token`,
            );
        }
      }
    }
    if (!permission || permission === PUBLIC) return;
    if (request.principal.kind === 'anonymous') {
      throw new AppError('unauthenticated', 'Please log in first');
    }
    if (permission === AUTHENTICATED) return;
    if (!can(request.principal, permission)) {
      throw new AppError('forbidden', `This needs the permission "${permission}"`, { permission });
    }
  });
}
