import { Type, type Static } from 'typebox';

/** Every error code the API can answer with; the web app maps each to localized text. */
export const ErrorCode = Type.Union([
  Type.Literal('bad_request'),
  Type.Literal('validation_failed'),
  Type.Literal('unauthenticated'),
  Type.Literal('forbidden'),
  Type.Literal('csrf_failed'),
  Type.Literal('not_found'),
  Type.Literal('conflict'),
  Type.Literal('state_conflict'),
  Type.Literal('idempotency_conflict'),
  Type.Literal('payload_too_large'),
  Type.Literal('unsupported_media_type'),
  Type.Literal('locked'),
  Type.Literal('rate_limited'),
  Type.Literal('internal'),
  Type.Literal('unavailable'),
]);
export type ErrorCode = Static<typeof ErrorCode>;

/** The one JSON shape of every error answer. */
export const ErrorBody = Type.Object(
  {
    code: ErrorCode,
    message: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { $id: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBody>;
