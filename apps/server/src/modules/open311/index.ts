// Open311 GeoReport v2 (/open311/v2/): the city's cases as an open civic-issue API.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/http/context.ts';
import { registerDemoSeeder } from '../../demo/index.ts';
import { registerOpen311Routes } from './open311-routes.ts';
import { seedDemoOpen311Key } from './open311-demo.ts';

// A key newcomers can try with curl (README); it only files reports.
registerDemoSeeder(
  'open311-key',
  async (seed) => {
    const isCreated = await seedDemoOpen311Key(seed.ctx);
    seed.log(isCreated ? 'open311: demo API key demo-open311 created' : 'open311: demo key exists');
  },
  { dependsOn: ['cases-grids'] },
);

/** Registers the Open311 routes. */
export function registerOpen311(app: FastifyInstance, ctx: AppContext): void {
  registerOpen311Routes(app, ctx);
}

export { OPEN311_BASE } from './open311-routes.ts';
