import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createCipher } from '../crypto/personal-data.ts';
import { encryptPerson } from './personal-identity.ts';

const person = {
  name: '张伟',
  idNumber: '11010519491231002X',
  phone: '13812341234',
  regionCode: '500103001',
  address: null,
};

describe('personal data at rest', () => {
  const cipher = createCipher(randomBytes(32));

  it('stores identifiers encrypted and decrypts them back', () => {
    const row = encryptPerson(cipher, person);
    assert.ok(!row.id_number_enc.includes(person.idNumber));
    assert.ok(!row.phone_enc!.includes(person.phone));
    assert.equal(cipher.decrypt(row.id_number_enc), person.idNumber);
    assert.equal(cipher.decrypt(row.phone_enc!), person.phone);
  });

  it('masks the ID number and phone as 1101**********002X and 138****1234', () => {
    const row = encryptPerson(cipher, person);
    assert.equal(row.id_number_hint, '1101**********002X');
    assert.equal(row.phone_hint, '138****1234');
  });

  it('gives equal blind indexes for equal values and different ones otherwise', () => {
    const a = encryptPerson(cipher, person);
    const b = encryptPerson(cipher, person);
    assert.notEqual(a.id_number_enc, b.id_number_enc); // a fresh IV each time
    assert.equal(a.id_number_hash, b.id_number_hash);
    assert.equal(a.id_number_hash, cipher.blindIndex('11010519491231002x'));
    assert.notEqual(a.id_number_hash, cipher.blindIndex('110105194912310038'));
    assert.notEqual(a.id_number_hash, createCipher(randomBytes(32)).blindIndex(person.idNumber));
  });

  it('refuses a tampered ciphertext', () => {
    const row = encryptPerson(cipher, person);
    const raw = Buffer.from(row.id_number_enc.slice(3), 'base64');
    raw[raw.length - 1]! ^= 1;
    assert.throws(() => cipher.decrypt(`v1.${raw.toString('base64')}`));
  });

  it('derives gender and birth date from the ID and leaves a missing phone empty', () => {
    const row = encryptPerson(cipher, { ...person, phone: null });
    assert.equal(row.gender, 'F');
    assert.equal(row.birth_date, '1949-12-31');
    assert.equal(row.phone_enc, null);
    assert.equal(row.phone_hash, null);
  });
});
