// What a licence signature covers, and signing / checking it (Ed25519 over canonical JSON).
// The status is not signed: revocation is a separate, audited fact (like a VC status list).
import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../../platform/audit/canonical-json.ts';

export interface SignedLicenceFields {
  number: string;
  licenceType: string;
  name: string;
  holderKind: 'person' | 'enterprise';
  holderName: string;
  holderIdHint: string;
  issuingAgency: string;
  regionCode: string;
  issueDate: string;
  validUntil: string | null;
  keyId: string;
}

export const signedFieldNames: readonly (keyof SignedLicenceFields)[] = [
  'number',
  'licenceType',
  'name',
  'holderKind',
  'holderName',
  'holderIdHint',
  'issuingAgency',
  'regionCode',
  'issueDate',
  'validUntil',
  'keyId',
];

const bytesOf = (fields: SignedLicenceFields) => {
  const picked = Object.fromEntries(signedFieldNames.map((k) => [k, fields[k]]));
  return Buffer.from(canonicalJson(picked), 'utf8');
};

/** The base64 Ed25519 signature of the fields. */
export function signLicence(fields: SignedLicenceFields, privateKey: KeyObject): string {
  return sign(null, bytesOf(fields), privateKey).toString('base64');
}

/** Whether `signature` is the key's signature of exactly these fields. */
export function isLicenceSignatureValid(
  fields: SignedLicenceFields,
  signature: string,
  publicKey: KeyObject,
): boolean {
  try {
    return verify(null, bytesOf(fields), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
