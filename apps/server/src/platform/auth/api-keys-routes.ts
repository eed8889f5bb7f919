// Admin routes for scoped API keys: issue (secret shown once), list, revoke.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ApiKeyIdParams,
  ApiKeyList,
  ApiKeyListQuery,
  ApiKeyView,
  CreateApiKeyBody,
  CreatedApiKey,
  ErrorBody,
} from '@citygov/contracts';
import type { AppContext } from '../http/context.ts';
import { invalid } from '../errors.ts';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';

const permission = 'apikeys:manage';
const tags = ['admin'];

export function registerApiKeyRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    '/api/admin/api-keys',
    {
      config: { permission },
      // A replayable answer would be kept in the idempotency store, secret and all.
      preValidation: async (request) => {
        if (request.headers['idempotency-key'] !== undefined) {
          throw invalid(
            'Idempotency-Key',
            'Idempotency-Key is not accepted here: the answer holds a secret that is never stored',
          );
        }
      },
      schema: {
        summary: 'Issue an API key for a channel or device; the secret is shown only here',
        tags,
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const created = await createApiKey(ctx.db, request.principal, request.body);
      return reply.status(201).send(created);
    },
  );
  r.get(
    '/api/admin/api-keys',
    {
      config: { permission },
      schema: {
        summary: 'List the API keys in the regions where the caller manages keys',
        tags,
        querystring: ApiKeyListQuery,
        response: { 200: ApiKeyList },
      },
    },
    async (request) => ({ items: await listApiKeys(ctx.db, request.principal, request.query) }),
  );
  r.post(
    '/api/admin/api-keys/:id/revoke',
    {
      config: { permission },
      schema: {
        summary: 'Revoke an API key; it is refused from its next request on',
        tags,
        params: ApiKeyIdParams,
        response: { 200: ApiKeyView, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => revokeApiKey(ctx.db, request.principal, request.params.id),
  );
}
