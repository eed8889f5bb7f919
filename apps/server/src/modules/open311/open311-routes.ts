// Routes of /open311/v2/. Open311 sends api_key in the form or query, not as a header, so the
// routes are 'public' for the guard and the key is checked here: POST needs one that may file
// reports; a GET with one reads within the key's region (open311-scope.ts). Errors are
// answered in the spec's shape: a list of {code, description}, in the format the path asked for.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/http/context.ts';
import { AppError } from '../../platform/errors.ts';
import { sendOpen311, splitFormat, type Open311Format } from './open311-format.ts';
import {
  createOpen311Request,
  getOpen311ServiceDefinition,
  listOpen311Services,
} from './open311-service.ts';
import {
  findOpen311Request,
  listOpen311Requests,
  listOpen311Updates,
  type RequestsQuery,
} from './open311-requests.ts';
import { Open311Failure, queryText, type FormFields } from './open311-params.ts';
import { resolveReadScope } from './open311-scope.ts';
import { resolveToken } from './open311-tokens.ts';

export const OPEN311_BASE = '/open311/v2';
const formats: Open311Format[] = ['json', 'xml'];
const config = { permission: 'public' };
/** Route options: public for the guard (the key is checked inside), documented in OpenAPI. */
const doc = (summary: string) => ({ config, schema: { summary, tags: ['open311'] } });

const formatOf = (url: string): Open311Format => (/\.xml(\?|$)/.test(url) ? 'xml' : 'json');

/** HTTP 404 missing, 403 bad key, 400 for the rest (the spec's three), overload codes kept. */
function statusOf(err: unknown): number {
  if (err instanceof Open311Failure) return err.status;
  const status =
    err instanceof AppError ? err.status : ((err as { statusCode?: number }).statusCode ?? 500);
  if (status === 401 || status === 403) return 403;
  if ([404, 413, 415, 429, 503].includes(status) || status >= 500) return status;
  return 400;
}

function parseForm(body: string): FormFields {
  const fields: FormFields = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const name = key.endsWith('[]') ? key.slice(0, -2) : key;
    const prior = fields[name];
    fields[name] =
      prior === undefined ? value : [...(Array.isArray(prior) ? prior : [prior]), value];
  }
  return fields;
}

function discovery(request: FastifyRequest) {
  const origin = `${request.protocol}://${request.host}`;
  return {
    changeset: '2026-11-28T00:00:00Z',
    contact: '重庆市城市管理 12319 (City management hotline 12319)',
    key_service: 'API keys are issued by the platform administrators (channel open311)',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${origin}${OPEN311_BASE}`,
        changeset: '2026-11-28T00:00:00Z',
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}

export function registerOpen311Routes(app: FastifyInstance, ctx: AppContext): void {
  void app.register(
    async (scope) => {
      // Form-encoded bodies only here: the rest of the API takes JSON.
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string' },
        (_request, body, done) => done(null, parseForm(body as string)),
      );
      scope.setErrorHandler((err, request, reply) => {
        const status = statusOf(err);
        if (status >= 500) request.log.error(err);
        const description =
          status >= 500 ? 'internal error' : err instanceof Error ? err.message : String(err);
        return sendOpen311(
          reply,
          formatOf(request.url),
          'errors',
          [{ code: status, description }],
          status,
        );
      });
      scope.setNotFoundHandler((request, reply) =>
        sendOpen311(
          reply,
          formatOf(request.url),
          'errors',
          [{ code: 404, description: 'not found' }],
          404,
        ),
      );

      for (const format of formats) {
        scope.get(
          `/discovery.${format}`,
          doc('Open311 discovery: endpoints and formats'),
          (request, reply) => sendOpen311(reply, format, 'discovery', discovery(request)),
        );
        scope.get(
          `/services.${format}`,
          doc('Open311 services: one per city-management category'),
          async (_request, reply) =>
            sendOpen311(reply, format, 'services', await listOpen311Services(ctx.db)),
        );
        scope.get(
          `/requests.${format}`,
          doc('Open311 service requests, filtered (at most 90 days, 1000 results)'),
          async (request, reply) => {
            const query = queryText(request.query) as RequestsQuery & FormFields;
            const readScope = await resolveReadScope(ctx.db, query);
            return sendOpen311(
              reply,
              format,
              'service_requests',
              await listOpen311Requests(ctx.db, readScope, query),
            );
          },
        );
        scope.get(
          `/servicerequestupdates.${format}`,
          doc(
            "Open311 (FixMyStreet's extension): the requests' public steps between start_date and end_date",
          ),
          async (request, reply) => {
            const query = queryText(request.query) as RequestsQuery & FormFields;
            const readScope = await resolveReadScope(ctx.db, query);
            return sendOpen311(
              reply,
              format,
              'service_requests_updates',
              await listOpen311Updates(ctx.db, readScope, query),
            );
          },
        );
        scope.post(
          `/requests.${format}`,
          doc('Open311: file a service request (form-encoded, api_key required)'),
          async (request, reply) => {
            const fields = { ...(request.query as FormFields), ...(request.body as FormFields) };
            const created = await createOpen311Request(ctx, fields);
            return sendOpen311(reply, format, 'service_requests', [created], 201);
          },
        );
      }

      const byFile =
        (
          handle: (
            name: string,
            format: Open311Format,
            request: FastifyRequest,
            reply: FastifyReply,
          ) => Promise<unknown>,
        ) =>
        async (request: FastifyRequest, reply: FastifyReply) => {
          const parsed = splitFormat((request.params as { file: string }).file);
          if (!parsed) throw new Open311Failure(404, 'use .json or .xml');
          return handle(parsed.name, parsed.format, request, reply);
        };
      scope.get(
        `/services/:file`,
        doc('Open311 service definition (services with metadata=true)'),
        byFile(async (code, format, _request, reply) =>
          sendOpen311(
            reply,
            format,
            'service_definition',
            await getOpen311ServiceDefinition(ctx.db, code),
          ),
        ),
      );
      scope.get(
        `/requests/:file`,
        doc('Open311 service request by id'),
        byFile(async (id, format, request, reply) => {
          const query = queryText(request.query) as RequestsQuery & FormFields;
          const readScope = await resolveReadScope(ctx.db, query);
          return sendOpen311(
            reply,
            format,
            'service_requests',
            await findOpen311Request(ctx.db, readScope, id, query.extensions === 'true'),
          );
        }),
      );
      scope.get(
        `/tokens/:file`,
        doc('Open311: the service_request_id a token from POST requests stands for'),
        byFile(async (token, format, request, reply) => {
          const readScope = await resolveReadScope(ctx.db, queryText(request.query));
          return sendOpen311(
            reply,
            format,
            'service_requests',
            await resolveToken(ctx.db, readScope, token),
          );
        }),
      );
    },
    { prefix: OPEN311_BASE },
  );
}
