// Public catalogue routes: search, the full guide, life events.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  ErrorBody,
  LifeEventList,
  ServiceItem,
  ServiceItemPage,
  ServiceItemSearchQuery,
} from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import { getItem } from '../catalogue/catalogue-service.ts';
import { countLifeEvents, getCatalogueIndex, searchCatalogue } from '../catalogue/search-index.ts';

export const ItemCodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }) });

export function registerCatalogueRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/services/items',
    {
      config: { permission: 'public' },
      schema: {
        summary:
          'Search the service catalogue (name, keyword, pinyin; filters); by relevance, then frequency',
        tags: ['services'],
        querystring: ServiceItemSearchQuery,
        response: { 200: ServiceItemPage },
      },
    },
    async (request) => searchCatalogue(await getCatalogueIndex(ctx.db), request.query),
  );

  r.get(
    '/api/services/items/:code',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'The full service guide of an item (implementation code, or a basic code)',
        tags: ['services'],
        params: ItemCodeParams,
        response: { 200: ServiceItem, 404: ErrorBody },
      },
    },
    async (request) => getItem(ctx.db, request.principal, request.params.code),
  );

  r.get(
    '/api/services/life-events',
    {
      config: { permission: 'public' },
      schema: {
        summary: 'Life events (citizens) and themes (enterprises), with their item counts',
        tags: ['services'],
        response: { 200: LifeEventList },
      },
    },
    async () => ({ lifeEvents: countLifeEvents(await getCatalogueIndex(ctx.db)) }),
  );
}
