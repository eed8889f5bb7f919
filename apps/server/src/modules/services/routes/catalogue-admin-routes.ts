// Catalogue administration: create and edit items, export and import the catalogue.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { Ajv } from 'ajv';
import {
  CreateServiceItemBody,
  ErrorBody,
  ServiceItem,
  ServiceItemExportQuery,
  ServiceItemImportBody,
  ServiceItemImportQuery,
  ServiceItemImportReport,
  UpdateServiceItemBody,
  type CatalogueFileFormat,
} from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import { AppError, invalid } from '../../../platform/errors.ts';
import { createItem, MANAGE_CATALOGUE, updateItem } from '../catalogue/catalogue-service.ts';
import { exportItems } from '../transfer/export-items.ts';
import { importItems } from '../transfer/import-items.ts';
import { ItemCodeParams } from './catalogue-routes.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const checkImportBody = new Ajv({
  strict: false,
  coerceTypes: false,
}).compile<ServiceItemImportBody>(ServiceItemImportBody);

function formatOfName(
  name: string | undefined,
  mediaType: string | undefined,
): CatalogueFileFormat | undefined {
  if (name?.toLowerCase().endsWith('.xlsx') || mediaType?.startsWith(XLSX_TYPE)) return 'xlsx';
  if (name?.toLowerCase().endsWith('.csv') || mediaType?.startsWith('text/csv')) return 'csv';
  return undefined;
}

// busboy reports a broken multipart body with plain errors: those are the client's fault.
const malformedMultipart =
  /^(Multipart: |Unexpected end of|Part terminated early|Malformed part|Boundary not found)/i;

function malformedOrSame(error: unknown): unknown {
  if (
    error instanceof Error &&
    !(error instanceof AppError) &&
    malformedMultipart.test(error.message)
  ) {
    return new AppError('bad_request', `The multipart body is malformed: ${error.message}`, {
      field: 'file',
    });
  }
  return error;
}

/** The uploaded file and its format: a multipart part "file", a raw XLSX/CSV body, or JSON. */
async function readUpload(
  request: FastifyRequest,
  declared: CatalogueFileFormat | undefined,
  maxBytes: number,
): Promise<{ data: Buffer; format: CatalogueFileFormat }> {
  let data: Buffer;
  let format = declared;
  if (request.isMultipart()) {
    try {
      const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
      if (!part) throw invalid('file', 'Send the sheet in a multipart part named "file"');
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw invalid(part.fieldname, 'Send the sheet in a multipart part named "file"');
      }
      data = await part.toBuffer();
      format ??= formatOfName(part.filename, part.mimetype);
    } catch (error) {
      throw malformedOrSame(error);
    }
  } else if (Buffer.isBuffer(request.body)) {
    data = request.body;
    format ??= formatOfName(undefined, request.headers['content-type']);
  } else {
    const body: unknown = request.body;
    if (!checkImportBody(body)) {
      const e = checkImportBody.errors?.[0];
      const field =
        (e?.instancePath.slice(1) || (e?.params.missingProperty as string | undefined)) ?? 'body';
      throw invalid(field, `${field} ${e?.message ?? 'is invalid'}`);
    }
    const encoding = body.encoding ?? (body.format === 'xlsx' ? 'base64' : 'utf8');
    data = Buffer.from(body.content, encoding);
    if (declared && declared !== body.format) {
      throw invalid('format', `The query says ${declared} but the body says ${body.format}`);
    }
    format = body.format;
  }
  if (!format) throw invalid('format', 'Name the format: ?format=xlsx or ?format=csv');
  if (data.length === 0) throw invalid('file', 'The file is empty');
  return { data, format };
}

export async function registerCatalogueAdminRoutes(app: FastifyInstance, ctx: AppContext) {
  const maxBytes = ctx.config.uploadMaxBytes;
  // Its own context, so the upload parsers serve these routes only.
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: maxBytes, files: 1 } });
    scope.addContentTypeParser(
      ['text/csv', XLSX_TYPE, 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: maxBytes },
      (_request, body, done) => done(null, body),
    );
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();

    r.post(
      '/api/admin/services/items',
      {
        config: { permission: MANAGE_CATALOGUE },
        schema: {
          summary: 'Create a service item with its full guide',
          tags: ['services admin'],
          body: CreateServiceItemBody,
          response: { 201: ServiceItem, 400: ErrorBody, 409: ErrorBody },
        },
      },
      async (request, reply) => {
        const item = await createItem(ctx.db, request.principal, request.body);
        return reply.status(201).send(item);
      },
    );

    r.put(
      '/api/admin/services/items/:code',
      {
        config: { permission: MANAGE_CATALOGUE },
        schema: {
          summary: "Replace an item's guide (its codes stay)",
          tags: ['services admin'],
          params: ItemCodeParams,
          body: UpdateServiceItemBody,
          response: { 200: ServiceItem, 400: ErrorBody, 404: ErrorBody },
        },
      },
      async (request) => updateItem(ctx.db, request.principal, request.params.code, request.body),
    );

    r.get(
      '/api/admin/services/items/export',
      {
        config: { permission: MANAGE_CATALOGUE },
        schema: {
          summary: 'Export the whole catalogue as XLSX (default) or CSV, one row per item',
          tags: ['services admin'],
          querystring: ServiceItemExportQuery,
        },
      },
      async (request, reply) => {
        const file = await exportItems(ctx.db, request.query.format ?? 'xlsx');
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .send(file.body);
      },
    );

    r.post(
      '/api/admin/services/items/import',
      {
        config: { permission: MANAGE_CATALOGUE },
        bodyLimit: Math.ceil(maxBytes * 1.4), // a base64 XLSX in JSON
        schema: {
          summary:
            'Import items from XLSX or CSV (multipart part "file", a raw text/csv or XLSX body, or JSON); errors by row and column',
          description:
            'mode=atomic (default) writes nothing when any row has an error and answers 400 with every error; ' +
            'mode=valid_only writes the good rows and reports the bad; dryRun=true only checks.',
          tags: ['services admin'],
          consumes: ['multipart/form-data', 'text/csv', XLSX_TYPE, 'application/json'],
          querystring: ServiceItemImportQuery,
          response: { 200: ServiceItemImportReport, 400: ErrorBody },
        },
      },
      async (request) => {
        const { data, format } = await readUpload(request, request.query.format, maxBytes);
        return importItems(ctx.db, request.principal, {
          format,
          data,
          mode: request.query.mode ?? 'atomic',
          isDryRun: request.query.dryRun ?? false,
        });
      },
    );
  });
}
