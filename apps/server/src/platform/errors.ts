// One error type for the whole platform: a code from a closed set, a message, details.
import type { ErrorCode } from '@citygov/contracts';

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  state_conflict: 409,
  idempotency_conflict: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;
  readonly status: number;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
    this.status = statusOf[code];
  }
}

export const notFound = (what: string, id: string | number) =>
  new AppError('not_found', `${what} ${id} was not found`, { what, id });

export const forbidden = (message = 'You do not have permission to do this') =>
  new AppError('forbidden', message);

export const invalid = (field: string, message: string) =>
  new AppError('validation_failed', message, { field });

export type { ErrorCode };
