// Test-only routes that exercise the guard and region scoping the way a module's routes do.
import type { FastifyInstance } from 'fastify';
import { can } from '../platform/auth/principal.ts';
import { forbidden } from '../platform/errors.ts';

/** Adds GET /api/test-probe/users (users:manage) and GET /api/test-probe/regions/:code (org:read in that region). */
export function registerProbeRoutes(app: FastifyInstance) {
  app.get(
    '/api/test-probe/users',
    { config: { permission: 'users:manage' }, schema: { summary: 'probe: needs users:manage' } },
    async () => ({ ok: true }),
  );
  app.get<{ Params: { code: string } }>(
    '/api/test-probe/regions/:code',
    {
      config: { permission: 'org:read' },
      schema: {
        summary: 'probe: needs org:read in the region',
        params: {
          type: 'object',
          properties: { code: { type: 'string', pattern: '^[0-9]{6,12}$' } },
          required: ['code'],
        },
      },
    },
    async (request) => {
      if (!can(request.principal, 'org:read', { regionCode: request.params.code })) {
        throw forbidden(`org:read is not held in ${request.params.code}`);
      }
      return { ok: true, regionCode: request.params.code };
    },
  );
}
