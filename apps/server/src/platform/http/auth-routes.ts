// Login, logout and "who am I".
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody, LoginBody, Me } from '@citygov/contracts';
import { Type } from 'typebox';
import { AppError } from '../errors.ts';
import { CSRF_COOKIE, login, logout, resolveSession, SESSION_COOKIE } from '../auth/sessions.ts';
import type { AppContext } from './context.ts';
import type { Principal } from '../auth/principal.ts';

export function meOf(principal: Principal, csrfToken?: string): Me {
  if (principal.kind !== 'user' || principal.userKind === null) {
    throw new AppError('unauthenticated', 'Please log in first');
  }
  return {
    id: principal.userId!,
    username: principal.username,
    displayName: principal.displayName,
    kind: principal.userKind,
    regionCode: principal.regionCode!,
    departmentId: principal.departmentId,
    grants: principal.grants.map((g) => ({
      role: g.role,
      regionCode: g.regionCode,
      departmentId: g.departmentId,
    })),
    permissions: [...new Set(principal.grants.flatMap((g) => [...g.permissions]))].sort(),
    ...(csrfToken && { csrfToken }),
  };
}

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const cookieBase = {
    path: '/',
    sameSite: 'lax' as const,
    secure: ctx.config.nodeEnv === 'production',
  };

  r.post(
    '/api/auth/login',
    {
      config: { permission: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        summary: 'Log in with username and password; sets the session cookie',
        tags: ['auth'],
        body: LoginBody,
        response: { 200: Me, 401: ErrorBody, 423: ErrorBody },
      },
    },
    async (request, reply) => {
      const session = await login(
        ctx.db,
        {
          maxFailures: ctx.config.loginMaxFailures,
          lockMinutes: ctx.config.loginLockMinutes,
          sessionTtlHours: ctx.config.sessionTtlHours,
        },
        request.body.username,
        request.body.password,
        {
          ip: request.ip,
          userAgent: request.headers['user-agent'],
        },
      );
      reply.setCookie(SESSION_COOKIE, session.token, {
        ...cookieBase,
        httpOnly: true,
        expires: session.expiresAt,
      });
      reply.setCookie(CSRF_COOKIE, session.csrfToken, {
        ...cookieBase,
        httpOnly: false,
        expires: session.expiresAt,
      });
      const found = await resolveSession(ctx.db, session.token);
      return meOf(found!.principal, session.csrfToken);
    },
  );

  r.post(
    '/api/auth/logout',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'End the current session',
        tags: ['auth'],
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      if (request.principal.sessionId) await logout(ctx.db, request.principal.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      reply.clearCookie(CSRF_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/auth/me',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'The logged-in user, their roles and permissions',
        tags: ['auth'],
        response: { 200: Me },
      },
    },
    async (request) => meOf(request.principal, request.cookies[CSRF_COOKIE]),
  );
}
