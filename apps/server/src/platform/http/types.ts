import type { Principal } from '../auth/principal.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The permission this route needs, or 'public' / 'authenticated'. Required on every API route. */
    permission?: string;
  }
}
