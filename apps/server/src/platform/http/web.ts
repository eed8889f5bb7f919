// Serves the built web app (apps/web/dist) at /, with index.html for client-side routes.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export const webDist = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../web/dist',
);
const apiPrefixes = ['/api/', '/open311/', '/metrics', '/docs'];

export async function registerWebApp(app: FastifyInstance, dist = webDist) {
  if (!fs.existsSync(path.join(dist, 'index.html'))) return false;
  await app.register(fastifyStatic, { root: dist, wildcard: false, index: false, maxAge: '1h' });
  return true;
}

/** Whether a 404 should be answered with the web app's index.html instead. */
export function isClientRoute(method: string, url: string, accept: string | undefined) {
  return (
    method === 'GET' &&
    !apiPrefixes.some((p) => url.startsWith(p)) &&
    !path.extname(url.split('?')[0] ?? '') &&
    (accept ?? '').includes('text/html')
  );
}
