import { Type, type Static } from 'typebox';

/** Who uses a key: a partner channel (bank terminal, rural service point ...) or a machine. */
export const ApiKeyChannel = Type.Union([
  Type.Literal('bank_terminal'),
  Type.Literal('rural_point'),
  Type.Literal('mini_program'),
  Type.Literal('open311'),
  Type.Literal('device'),
  Type.Literal('partner'),
]);
export type ApiKeyChannel = Static<typeof ApiKeyChannel>;

export const ApiKeyStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('revoked'),
  Type.Literal('expired'),
]);
export type ApiKeyStatus = Static<typeof ApiKeyStatus>;

/** A division code: 6 digits (city, district), 9 (street) or 12 (community). */
const regionCode = Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,2}$' });

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    ownerUserId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    channel: ApiKeyChannel,
    deviceId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    permissions: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      minItems: 1,
      maxItems: 50,
      uniqueItems: true,
    }),
    regionCode,
    /** Module-specific limits, e.g. {items: [...]} for the service items a channel offers. */
    scope: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { maxProperties: 20 })),
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export type CreateApiKeyBody = Static<typeof CreateApiKeyBody>;

export const ApiKeyView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  /** The first characters of the key, to recognise it; never the key itself. */
  prefix: Type.String(),
  ownerUserId: Type.Integer(),
  ownerUsername: Type.String(),
  channel: Type.String(),
  deviceId: Type.Union([Type.String(), Type.Null()]),
  permissions: Type.Array(Type.String()),
  regionCode: Type.String(),
  scope: Type.Record(Type.String(), Type.Unknown()),
  status: ApiKeyStatus,
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type ApiKeyView = Static<typeof ApiKeyView>;

/** The answer to a create: the only time the secret is ever shown. */
export const CreatedApiKey = Type.Object({ ...ApiKeyView.properties, secret: Type.String() });
export type CreatedApiKey = Static<typeof CreatedApiKey>;

export const ApiKeyListQuery = Type.Object(
  {
    ownerUserId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    channel: Type.Optional(ApiKeyChannel),
    status: Type.Optional(ApiKeyStatus),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type ApiKeyListQuery = Static<typeof ApiKeyListQuery>;

export const ApiKeyList = Type.Object({ items: Type.Array(ApiKeyView) });
export type ApiKeyList = Static<typeof ApiKeyList>;

export const ApiKeyIdParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: false },
);
export type ApiKeyIdParams = Static<typeof ApiKeyIdParams>;
