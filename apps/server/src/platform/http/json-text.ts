// Answers already written as JSON text (by PostgreSQL, for a hot read) are sent as they are:
// Fastify runs no serializer on a string when the content type is set. The route keeps its
// response schema, so the OpenAPI document still describes the answer.
import type { FastifyReply } from 'fastify';

declare const jsonOf: unique symbol;

/** Text holding the JSON of a `T` (the type only documents what the text holds). */
export type JsonText<T> = string & { readonly [jsonOf]?: T };

/** Sends `text` as the JSON answer, byte for byte. */
export function sendJsonText<T>(reply: FastifyReply, text: JsonText<T>): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text);
}
