// Electronic licences (电子证照): the holder's view, public verification, revocation.
import { Type, type Static } from 'typebox';

const date = Type.String({ format: 'date' });

export const LicenceStatus = Type.Union([
  Type.Literal('valid'),
  Type.Literal('revoked'),
  Type.Literal('expired'),
]);
export type LicenceStatus = Static<typeof LicenceStatus>;

export const LicenceView = Type.Object({
  number: Type.String(),
  licenceType: Type.String(),
  name: Type.String(),
  holderKind: Type.Union([Type.Literal('person'), Type.Literal('enterprise')]),
  holderName: Type.String(),
  /** Masked identifier (resident ID or credit code). */
  holderIdHint: Type.String(),
  issuingDepartmentId: Type.Integer(),
  issuingAgency: Type.String(),
  regionCode: Type.String(),
  issueDate: date,
  validUntil: Type.Union([date, Type.Null()]),
  status: LicenceStatus,
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revocationReason: Type.Union([Type.String(), Type.Null()]),
  keyId: Type.String(),
  signature: Type.String(),
  /** What the QR code carries: the public verification page (/verify/:number) of the web app. */
  qrPayload: Type.String(),
});
export type LicenceView = Static<typeof LicenceView>;

export const LicenceList = Type.Object({ items: Type.Array(LicenceView) });
export type LicenceList = Static<typeof LicenceList>;

export const LicenceNumberParams = Type.Object(
  { number: Type.String({ pattern: '^[0-9A-Z-]{6,40}$' }) },
  { additionalProperties: false },
);

/** The public answer: no personal data, only what a verifier needs. */
export const LicenceVerification = Type.Object({
  number: Type.String(),
  /** invalid: the record does not match its signature (altered). */
  result: Type.Union([
    Type.Literal('valid'),
    Type.Literal('revoked'),
    Type.Literal('expired'),
    Type.Literal('unknown'),
    Type.Literal('invalid'),
  ]),
  isSignatureValid: Type.Boolean(),
  licenceType: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  issuingAgency: Type.Union([Type.String(), Type.Null()]),
  issueDate: Type.Union([date, Type.Null()]),
  validUntil: Type.Union([date, Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  checkedAt: Type.String({ format: 'date-time' }),
});
export type LicenceVerification = Static<typeof LicenceVerification>;

export const LicencePublicKey = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  keyId: Type.String(),
  publicKeyPem: Type.String(),
  /** How a signature is made: Ed25519 over the UTF-8 canonical JSON of these fields. */
  signedFields: Type.Array(Type.String()),
});
export type LicencePublicKey = Static<typeof LicencePublicKey>;

export const RevokeLicenceBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
export type RevokeLicenceBody = Static<typeof RevokeLicenceBody>;
