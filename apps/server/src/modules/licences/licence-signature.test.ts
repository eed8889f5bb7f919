import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import {
  isLicenceSignatureValid,
  signLicence,
  type SignedLicenceFields,
} from './licence-signature.ts';

const fields: SignedLicenceFields = {
  number: '500103-2026-00000001',
  licenceType: 'street_vending_permit',
  name: '临时占道经营许可证',
  holderKind: 'person',
  holderName: '张三',
  holderIdHint: '5001**********123X',
  issuingAgency: '渝中区城市管理局',
  regionCode: '500103',
  issueDate: '2026-03-02',
  validUntil: '2031-03-01',
  keyId: 'abcdef0123456789',
};

describe('licence signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signature = signLicence(fields, privateKey);

  it('does verify the signature of the same fields', () => {
    assert.equal(isLicenceSignatureValid({ ...fields }, signature, publicKey), true);
  });

  it('does not verify when any signed field changes', () => {
    for (const key of Object.keys(fields) as (keyof SignedLicenceFields)[]) {
      const changed = { ...fields, [key]: key === 'validUntil' ? null : `${fields[key]}x` };
      assert.equal(isLicenceSignatureValid(changed, signature, publicKey), false, key);
    }
  });

  it('does not verify with another key or a malformed signature', () => {
    const other = generateKeyPairSync('ed25519').publicKey;
    assert.equal(isLicenceSignatureValid(fields, signature, other), false);
    assert.equal(isLicenceSignatureValid(fields, 'not base64!', publicKey), false);
  });
});
