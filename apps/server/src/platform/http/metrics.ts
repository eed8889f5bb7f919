// Prometheus metrics: the default process metrics plus HTTP request durations by route.
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const httpDuration = new Histogram({
  name: 'citygov_http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status',
  labelNames: ['method', 'route', 'status'],
  buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

/** Counters other parts of the platform add to (protocol errors, timers fired ...). */
export function counter(name: string, help: string, labelNames: string[] = []) {
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<string>;
  return new Counter({ name, help, labelNames, registers: [registry] });
}

/**
 * `/metrics` is open in demo mode; otherwise it needs 'metrics:read', which a Prometheus scraper
 * holds through an API key sent as `Authorization: Bearer` (its `authorization` setting).
 * Route names, traffic and memory figures help an attacker map the system.
 */
export function registerMetrics(app: FastifyInstance, opts: { isPublic: boolean }) {
  app.addHook('onResponse', async (request, reply) => {
    httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  app.get(
    '/metrics',
    { config: { permission: opts.isPublic ? 'public' : 'metrics:read' }, schema: { hide: true } },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
}
