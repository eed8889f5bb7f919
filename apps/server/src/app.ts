// Builds the HTTP application: the platform's plugins and hooks, then every module's routes.
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Health } from '@citygov/contracts';
import type { AppContext } from './platform/http/context.ts';
import { validatorCompiler } from './platform/http/validation.ts';
import { registerErrorHandler } from './platform/http/error-handler.ts';
import { registerWebApp } from './platform/http/web.ts';
import { registerGuard } from './platform/http/guard.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { registerMetrics } from './platform/http/metrics.ts';
import { registerAuthRoutes } from './platform/http/auth-routes.ts';
import { registerIdempotency } from './platform/idempotency/idempotency-hooks.ts';
import { registerFileRoutes } from './platform/files/index.ts';
import { registerNotificationRoutes } from './platform/notify/notify-routes.ts';
import { registerEventRoutes } from './platform/events/index.ts';
import { registerApiKeyRoutes } from './platform/auth/api-keys-routes.ts';
import { registerRoleRoutes } from './platform/auth/roles-routes.ts';
import { registerOrgRoutes } from './platform/org/index.ts';
import { registerPeopleRoutes } from './platform/people/index.ts';
import { registerAuditRoutes } from './platform/audit/audit-routes.ts';
import { registerModules } from './modules/index.ts';

export const version = '0.1.0';
const startedAt = Date.now();

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: ctx.config.logLevel },
    bodyLimit: ctx.config.bodyLimitBytes,
    trustProxy: process.env.TRUST_PROXY === 'true',
    ajv: { customOptions: { removeAdditional: false } },
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  const hasWebApp = await registerWebApp(app);
  registerErrorHandler(app, hasWebApp);

  await app.register(cookie);
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
      },
    },
  });
  await app.register(rateLimit, {
    max: ctx.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // By address only: a header the caller picks (any made-up API key) must not buy a new allowance.
    keyGenerator: (request) => request.ip,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'CityGov API',
        version,
        description: 'Every route names the permission it needs.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cg_session' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
    transform: ({ schema, url, route }) => {
      const permission = route.config?.permission;
      const described = { ...(schema ?? {}) } as Record<string, unknown>;
      if (permission) {
        const summary = (described.summary as string | undefined) ?? url;
        described.description = `${(described.description as string | undefined) ?? summary}\n\nPermission: \`${permission}\``;
        if (permission !== 'public') described.security = [{ session: [] }, { apiKey: [] }];
      }
      return { schema: described, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  registerGuard(app, ctx);
  registerMetrics(app, { isPublic: ctx.config.isDemo });
  registerIdempotency(app, ctx); // before any route: its hooks cover every creating POST

  app.get(
    '/api/health',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Liveness and the database kind',
        tags: ['operations'],
        response: { 200: Health },
      },
    },
    async () => ({
      status: 'ok' as const,
      database: ctx.dbKind,
      version,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      isDemo: ctx.config.isDemo,
    }),
  );
  app.get(
    '/api/openapi.json',
    { config: { permission: 'public' }, schema: { hide: true } },
    async () => app.swagger(),
  );

  registerAuthRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
  await registerFileRoutes(app, ctx);
  registerNotificationRoutes(app, ctx);
  registerEventRoutes(app, ctx);
  registerApiKeyRoutes(app, ctx);
  registerRoleRoutes(app);
  registerOrgRoutes(app, ctx);
  registerPeopleRoutes(app, ctx);
  await registerModules(app, ctx);
  return app;
}
