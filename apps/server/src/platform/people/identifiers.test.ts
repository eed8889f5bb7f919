import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  isValidMobile,
  isValidResidentId,
  isValidUscc,
  residentIdCheckChar,
  usccCheckChar,
} from '../crypto/identifiers.ts';
import {
  checkPersonName,
  checkResidentId,
  checkUscc,
  factsOfResidentId,
  isValidPersonName,
} from './personal-identity.ts';
import { AppError } from '../errors.ts';

/** Replaces the character at `i` with the next one in `alphabet` (always a different char). */
const corrupt = (value: string, i: number, alphabet: string) => {
  const next = alphabet[(alphabet.indexOf(value[i]!) + 1) % alphabet.length]!;
  return value.slice(0, i) + next + value.slice(i + 1);
};

describe('resident ID (GB 11643)', () => {
  it('accepts the standard example 11010519491231002X', () => {
    assert.equal(isValidResidentId('11010519491231002X'), true);
    assert.equal(residentIdCheckChar('11010519491231002'), 'X');
  });

  it('rejects the example when any single digit is changed', () => {
    const id = '11010519491231002X';
    for (let i = 0; i < 17; i++) {
      assert.equal(isValidResidentId(corrupt(id, i, '0123456789')), false, `digit ${i}`);
    }
    assert.equal(isValidResidentId('110105194912310021'), false);
  });

  it('rejects impossible birth dates even with a matching check character', () => {
    const first17 = '50010319900230123'; // 30 February
    assert.equal(isValidResidentId(first17 + residentIdCheckChar(first17)), false);
  });

  it('rejects wrong lengths and letters', () => {
    assert.equal(isValidResidentId('11010519491231002'), false);
    assert.equal(isValidResidentId('11010519491231002XX'), false);
    assert.equal(isValidResidentId('A1010519491231002X'), false);
  });

  it('normalizes a lower-case x and reads birth date and gender', () => {
    assert.equal(checkResidentId(' 11010519491231002x '), '11010519491231002X');
    assert.deepEqual(factsOfResidentId('11010519491231002X'), {
      birthDate: '1949-12-31',
      gender: 'F', // 17th digit 2 is even
    });
  });

  it('throws a validation error naming the field when the check fails', () => {
    assert.throws(
      () => checkResidentId('110105194912310021', 'idNumber'),
      (e: unknown) =>
        e instanceof AppError && e.code === 'validation_failed' && e.details?.field === 'idNumber',
    );
  });

  it('refuses a birth date in the future', () => {
    const first17 = `500103${new Date().getFullYear() + 1}0101123`;
    assert.throws(() => checkResidentId(first17 + residentIdCheckChar(first17)), AppError);
  });
});

describe('unified social credit code (GB 32100)', () => {
  it('accepts the examples 91350100M000100Y43 and 91110000600037341L', () => {
    assert.equal(isValidUscc('91350100M000100Y43'), true);
    assert.equal(isValidUscc('91110000600037341L'), true);
    assert.equal(usccCheckChar('91350100M000100Y4'), '3');
  });

  it('rejects the examples when any character is changed', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (const code of ['91350100M000100Y43', '91110000600037341L']) {
      for (let i = 0; i < 18; i++) {
        assert.equal(isValidUscc(corrupt(code, i, alphabet)), false, `${code} char ${i}`);
      }
    }
  });

  it('rejects the letters I O Z S V and wrong lengths', () => {
    assert.equal(isValidUscc('91350100M000100I43'), false);
    assert.equal(isValidUscc('91350100M000100Y4'), false);
    assert.throws(() => checkUscc('91350100M000100Y44'), AppError);
    assert.equal(checkUscc('91110000600037341l'), '91110000600037341L');
  });
});

describe('phones and names', () => {
  it('accepts mainland mobiles only', () => {
    assert.equal(isValidMobile('13812341234'), true);
    assert.equal(isValidMobile('12812341234'), false);
    assert.equal(isValidMobile('1381234123'), false);
    assert.equal(isValidMobile('023-6388888'), false);
  });

  it('accepts Chinese and minority names, refuses digits and single characters', () => {
    assert.equal(isValidPersonName('张伟'), true);
    assert.equal(isValidPersonName('欧阳娜娜'), true);
    assert.equal(isValidPersonName('阿卜杜·热合曼'), true);
    assert.equal(isValidPersonName('John Smith'), true);
    assert.equal(isValidPersonName('张'), false);
    assert.equal(isValidPersonName('张3'), false);
    assert.throws(() => checkPersonName('<script>'), AppError);
  });
});
