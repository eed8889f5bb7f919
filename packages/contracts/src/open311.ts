import { Type, type Static } from 'typebox';

// ---- Open311 GeoReport v2 (/open311/v2/): the spec's own field names, codes and ids as strings ----

/** One error; responses carry a list of them. */
export const Open311Error = Type.Object({
  code: Type.Integer(),
  description: Type.String(),
});
export type Open311Error = Static<typeof Open311Error>;

export const Open311Service = Type.Object({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.Union([Type.Literal('realtime'), Type.Literal('batch'), Type.Literal('blackbox')]),
  keywords: Type.String(),
  group: Type.String(),
});
export type Open311Service = Static<typeof Open311Service>;

export const Open311AttributeValue = Type.Object({ key: Type.String(), name: Type.String() });

export const Open311Attribute = Type.Object({
  variable: Type.Boolean(),
  code: Type.String(),
  datatype: Type.Union([
    Type.Literal('string'),
    Type.Literal('number'),
    Type.Literal('datetime'),
    Type.Literal('text'),
    Type.Literal('singlevaluelist'),
    Type.Literal('multivaluelist'),
  ]),
  required: Type.Boolean(),
  datatype_description: Type.String(),
  order: Type.Integer(),
  description: Type.String(),
  values: Type.Array(Open311AttributeValue),
});
export type Open311Attribute = Static<typeof Open311Attribute>;

export const Open311ServiceDefinition = Type.Object({
  service_code: Type.String(),
  attributes: Type.Array(Open311Attribute),
});
export type Open311ServiceDefinition = Static<typeof Open311ServiceDefinition>;

/**
 * The answer to POST requests: the new (or joined) request's id, and a token that GET
 * tokens/{token} resolves to it (for clients written to wait for ids through tokens).
 */
export const Open311RequestCreated = Type.Object({
  service_request_id: Type.String(),
  token: Type.String(),
  service_notice: Type.String(),
  account_id: Type.Union([Type.String(), Type.Null()]),
});
export type Open311RequestCreated = Static<typeof Open311RequestCreated>;

export const Open311ServiceRequest = Type.Object({
  service_request_id: Type.String(),
  /** open|closed; with extensions=true one of FixMyStreet's extended statuses. */
  status: Type.String(),
  status_notes: Type.Union([Type.String(), Type.Null()]),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Type.String(),
  agency_responsible: Type.Union([Type.String(), Type.Null()]),
  service_notice: Type.Union([Type.String(), Type.Null()]),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  address_id: Type.Union([Type.String(), Type.Null()]),
  zipcode: Type.Union([Type.String(), Type.Null()]),
  lat: Type.Number(),
  long: Type.Number(),
  media_url: Type.Union([Type.String(), Type.Null()]),
});
export type Open311ServiceRequest = Static<typeof Open311ServiceRequest>;

/** GET tokens/{token}: the request a token stands for. */
export const Open311Token = Type.Object({
  service_request_id: Type.String(),
  token: Type.String(),
});
export type Open311Token = Static<typeof Open311Token>;

/**
 * GET servicerequestupdates (FixMyStreet's extension): one step of a request. status is
 * open|closed, or with extensions=true an extended status; external_status_code is then the
 * step's own name (file, dispatch, handle …).
 */
export const Open311RequestUpdate = Type.Object({
  update_id: Type.String(),
  service_request_id: Type.String(),
  status: Type.String(),
  updated_datetime: Type.String(),
  description: Type.String(),
  media_url: Type.Union([Type.String(), Type.Null()]),
  external_status_code: Type.Union([Type.String(), Type.Null()]),
});
export type Open311RequestUpdate = Static<typeof Open311RequestUpdate>;
