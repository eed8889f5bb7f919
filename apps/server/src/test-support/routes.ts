// Test support: every route the app serves (from Fastify's route tree) and every operation of
// its OpenAPI document, so that security tests cover routes added later without being edited.
import type { FastifyInstance } from 'fastify';

export interface ServedRoute {
  method: string;
  url: string;
}

/** Every method and URL pattern the app serves (HEAD and OPTIONS left out). */
export function listRoutes(app: FastifyInstance): ServedRoute[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: ServedRoute[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│├└─\s]*)(\S.*?) \(([A-Z, ]+)\)\s*$/.exec(line);
    if (!match) continue;
    const depth = Math.floor([...match[1]!].length / 4);
    stack.length = depth;
    stack[depth] = match[2]!;
    const url = stack.join('');
    for (const method of match[3]!.split(',').map((m) => m.trim())) {
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url });
    }
  }
  return routes;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface JsonSchema {
  [key: string]: unknown;
}

export interface Operation {
  method: string;
  /** The OpenAPI path, e.g. /api/admin/api-keys/{id}/revoke */
  path: string;
  summary: string | undefined;
  description: string | undefined;
  /** The permission named in the description ("Permission: `x`"), if any. */
  permission: string | undefined;
  parameters: OpenApiParameter[];
  /** Request body schemas by media type. */
  bodies: Record<string, JsonSchema>;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}

const methods = ['get', 'put', 'post', 'delete', 'patch'];

/** The operations of an OpenAPI 3 document. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!methods.includes(method)) continue;
      const description = op.description as string | undefined;
      const content =
        (op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)
          ?.content ?? {};
      operations.push({
        method: method.toUpperCase(),
        path,
        summary: op.summary as string | undefined,
        description,
        permission: /Permission: `([^`]+)`/.exec(description ?? '')?.[1],
        parameters: (op.parameters as OpenApiParameter[] | undefined) ?? [],
        bodies: Object.fromEntries(
          Object.entries(content).map(([type, media]) => [type, media.schema ?? {}]),
        ),
      });
    }
  }
  return operations;
}

/** Fetches the app's OpenAPI document. */
export async function fetchOpenApi(app: FastifyInstance): Promise<OpenApiDocument> {
  const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`openapi.json answered ${res.statusCode}`);
  return res.json<OpenApiDocument>();
}

/** Puts values into an OpenAPI path ({id}) or a Fastify one (:id). */
export function fillPath(path: string, valueOf: (name: string) => string): string {
  return path
    .replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(valueOf(name)))
    .replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => encodeURIComponent(valueOf(name)));
}

/** The OpenAPI form of a Fastify URL pattern (/a/:id → /a/{id}). */
export const openApiPathOf = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
