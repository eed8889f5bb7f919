// Maps every failure to the one error shape {code, message, details}; bad input is a 4xx.
import type { FastifyError, FastifyInstance } from 'fastify';
import { reasonOfPattern, type ErrorBody } from '@citygov/contracts';
import { AppError } from '../errors.ts';
import { isClientRoute } from './web.ts';

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

function fieldOf(issue: AjvIssue, part: string | undefined): string {
  const path = (issue.instancePath ?? '').replace(/^\//, '').replaceAll('/', '.');
  const extra =
    (issue.params?.additionalProperty as string | undefined) ??
    (issue.params?.missingProperty as string | undefined);
  const field = [path, extra].filter(Boolean).join('.');
  return field || part || 'body';
}

function toBody(error: FastifyError | AppError | Error): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: {
        code: error.code,
        message: error.message,
        ...(error.details && { details: error.details }),
      },
    };
  }
  const fe = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fe.validation) {
    const issue: AjvIssue = fe.validation[0] ?? {};
    const field = fieldOf(issue, fe.validationContext);
    const reason =
      issue.keyword === 'additionalProperties'
        ? 'is not a known field'
        : issue.keyword === 'required'
          ? 'is required'
          : (issue.keyword === 'pattern' && reasonOfPattern(issue.params?.pattern)) ||
            (issue.message ?? 'is invalid');
    return {
      status: 400,
      body: {
        code: 'validation_failed',
        message: `${field} ${reason}`,
        details: { field, in: fe.validationContext ?? 'body', rule: issue.keyword },
      },
    };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return {
        status: 413,
        body: { code: 'payload_too_large', message: 'The request body is too large' },
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: { code: 'unsupported_media_type', message: `Unsupported content type` },
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        body: {
          code: 'bad_request',
          message: 'The body is not valid JSON',
          details: { field: 'body' },
        },
      };
    default:
      break;
  }
  if (fe.statusCode === 429) {
    return { status: 429, body: { code: 'rate_limited', message: 'Too many requests; slow down' } };
  }
  if (
    error instanceof SyntaxError ||
    (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
  ) {
    return { status: fe.statusCode ?? 400, body: { code: 'bad_request', message: error.message } };
  }
  // PostgreSQL data exceptions (class 22: malformed or out-of-range values, NUL characters in
  // text, bad JSON for jsonb ...) and oversized index entries come from the request's values.
  const pgCode = (error as { code?: unknown }).code;
  if (typeof pgCode === 'string' && /^[0-9A-Z]{5}$/.test(pgCode)) {
    if (pgCode.startsWith('22') || pgCode === '54000' || pgCode === '23502' || pgCode === '23514') {
      return {
        status: 400,
        body: {
          code: 'bad_request',
          message: 'A value in the request is out of range or malformed',
        },
      };
    }
    // Unique and foreign-key violations: the change clashes with what is stored.
    if (pgCode === '23505' || pgCode === '23503') {
      return {
        status: 409,
        body: {
          code: 'conflict',
          message:
            pgCode === '23505'
              ? 'A record with these values already exists'
              : 'The change refers to a record that does not exist or is still in use',
        },
      };
    }
  }
  return { status: 500, body: { code: 'internal', message: 'Something went wrong on our side' } };
}

export function registerErrorHandler(app: FastifyInstance, hasWebApp = false) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body } = toBody(error);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    if (hasWebApp && isClientRoute(request.method, request.url, request.headers.accept)) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.status(404).send({
      code: 'not_found',
      message: `No route ${request.method} ${request.url.split('?')[0]}`,
    });
  });
}
