// Security headers (CSP, frame options, nosniff, referrer policy, ...) on every answer, by
// helmet. Its options are parsed once here: @fastify/helmet built the middleware again for
// each request, which cost more CPU than anything else in a request's own handling (DR-10).
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const setHeaders = helmet(options);
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (error?: unknown) =>
      done(error instanceof Error ? error : undefined),
    );
  });
}
