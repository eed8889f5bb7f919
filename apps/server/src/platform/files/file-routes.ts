// POST /api/files (upload) and GET /api/files/:sha256 (download, only to who may see it).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import multipart from '@fastify/multipart';
import { ErrorBody, FileParams, FileQuery, FileUploadForm, StoredFile } from '@citygov/contracts';
import { AppError, invalid, notFound } from '../errors.ts';
import type { AppContext } from '../http/context.ts';
import { findAccessibleFile } from './file-access.ts';
import { cleanFileName, storeUpload, tooLarge } from './file-service.ts';
import { openStored } from './file-store.ts';
import { extensionOf, readAllowedMediaTypes } from './file-types.ts';

// Room for the multipart boundaries and part headers around the file itself.
const multipartOverheadBytes = 64 * 1024;
// Shown in the browser; everything else (office documents) is always downloaded.
const inlineTypes = new Set([
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'application/pdf',
]);

const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** Content-Disposition with an ASCII fallback name and the exact UTF-8 one (RFC 6266). */
export function contentDispositionOf(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}

// busboy reports a broken multipart body with plain errors; those are the client's fault.
const malformedMultipart = /^(Multipart: |Unexpected end of|Part terminated early|Malformed part)/;

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

export interface FileRouteOptions {
  /** Media types accepted; defaults to UPLOAD_ALLOWED_TYPES or the built-in list. */
  allowedMediaTypes?: readonly string[];
}

export async function registerFileRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  options: FileRouteOptions = {},
): Promise<void> {
  const policy = {
    dataDir: ctx.config.dataDir,
    maxBytes: ctx.config.uploadMaxBytes,
    allowedMediaTypes: options.allowedMediaTypes ?? readAllowedMediaTypes(),
  };

  // Its own context, so the multipart parser serves these routes only.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      limits: {
        fileSize: policy.maxBytes,
        files: 1,
        fields: 10,
        fieldSize: 1024,
        parts: 12,
        headerPairs: 100,
      },
    });
    const r = scope.withTypeProvider<TypeBoxTypeProvider>();

    r.post(
      '/api/files',
      {
        config: { permission: 'authenticated' },
        // The body schema documents the form; the stream itself is checked part by part below.
        validatorCompiler: () => () => true,
        schema: {
          summary: 'Upload a file (multipart/form-data, part "file"); stored once by its sha256',
          tags: ['files'],
          consumes: ['multipart/form-data'],
          body: FileUploadForm,
          response: { 201: StoredFile, 400: ErrorBody, 413: ErrorBody, 415: ErrorBody },
        },
      },
      async (request, reply) => {
        const declared = Number(request.headers['content-length']);
        if (declared > policy.maxBytes + multipartOverheadBytes) throw tooLarge(policy.maxBytes);
        if (!request.isMultipart()) {
          throw invalid('file', 'Send the file as multipart/form-data in a part named "file"');
        }
        try {
          const part = await request.file();
          if (!part) throw invalid('file', 'file is required');
          if (part.fieldname !== 'file') {
            part.file.resume();
            throw invalid(part.fieldname, `The file must be sent in a part named "file"`);
          }
          const stored = await storeUpload(ctx.db, policy, request.principal, {
            stream: part.file,
            filename: part.filename,
          });
          return await reply.status(201).send(stored);
        } catch (error) {
          throw malformedOrSame(error);
        }
      },
    );

    r.get(
      '/api/files/:sha256',
      {
        config: { permission: 'authenticated' },
        schema: {
          summary: 'Download a file: only its uploader or who may see a record using it',
          tags: ['files'],
          params: FileParams,
          querystring: FileQuery,
          response: { 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const { sha256 } = request.params;
        const grant = await findAccessibleFile(ctx.db, request.principal, sha256);
        // One answer for "missing" and "not yours": a hash reveals nothing.
        if (!grant) throw notFound('file', sha256);
        const stream = await openStored(policy.dataDir, sha256);
        if (!stream) {
          request.log.error({ sha256 }, 'file recorded but missing on disk');
          throw notFound('file', sha256);
        }
        const name = cleanFileName(
          grant.name ?? undefined,
          `${sha256.slice(0, 16)}.${extensionOf(grant.mediaType)}`,
        );
        const isInline = inlineTypes.has(grant.mediaType) && request.query.download !== true;
        // The typed reply only knows the JSON answers; the bytes go out untyped.
        const raw: FastifyReply = reply;
        return raw
          .header('content-type', grant.mediaType)
          .header('content-length', grant.size)
          .header('x-content-type-options', 'nosniff')
          .header(
            'content-disposition',
            contentDispositionOf(isInline ? 'inline' : 'attachment', name),
          )
          .header('cache-control', 'private, no-store')
          .send(stream);
      },
    );
  });
}
