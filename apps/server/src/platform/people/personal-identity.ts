// Real-name data: validation of names, resident IDs and phones, and the encrypted row form.
import type { PersonalDataCipher } from '../crypto/personal-data.ts';
import {
  isValidMobile,
  isValidResidentId,
  isValidUscc,
  maskPhone,
  maskResidentId,
} from '../crypto/identifiers.ts';
import { invalid } from '../errors.ts';

const chineseName = /^[\u3400-\u9fff]+(·[\u3400-\u9fff]+)*$/;
const latinName = /^[A-Za-z][A-Za-z .'-]*[A-Za-z]$/;

/** Whether `name` looks like a real name: 2–20 Chinese characters (with ·) or Latin letters. */
export function isValidPersonName(name: string): boolean {
  if (chineseName.test(name)) return name.length >= 2 && name.length <= 20;
  return latinName.test(name) && name.length <= 40;
}

/** Upper-cases the check character (people often type a lower-case x) and trims. */
export const normalizeResidentId = (id: string) => id.trim().toUpperCase();
export const normalizeUscc = (code: string) => code.trim().toUpperCase();

export interface ResidentIdFacts {
  birthDate: string; // YYYY-MM-DD
  gender: 'M' | 'F';
}

/** Birth date and gender encoded in a valid resident ID (the 17th digit is odd for men). */
export function factsOfResidentId(id: string): ResidentIdFacts {
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    gender: Number(id[16]) % 2 === 1 ? 'M' : 'F',
  };
}

/** Validates a resident ID (check character, real birth date not in the future). */
export function checkResidentId(raw: string, field = 'idNumber'): string {
  const id = normalizeResidentId(raw);
  if (!isValidResidentId(id)) {
    throw invalid(field, `${field} is not a valid resident ID number (GB 11643 check failed)`);
  }
  const today = new Date().toISOString().slice(0, 10);
  if (factsOfResidentId(id).birthDate > today) {
    throw invalid(field, `${field} has a birth date in the future`);
  }
  return id;
}

export function checkPhone(raw: string, field = 'phone'): string {
  const phone = raw.trim();
  if (!isValidMobile(phone)) throw invalid(field, `${field} is not a valid mobile number`);
  return phone;
}

export function checkPersonName(raw: string, field = 'name'): string {
  const name = raw.trim();
  if (!isValidPersonName(name)) throw invalid(field, `${field} is not a valid real name`);
  return name;
}

export function checkUscc(raw: string, field = 'uscc'): string {
  const code = normalizeUscc(raw);
  if (!isValidUscc(code)) {
    throw invalid(
      field,
      `${field} is not a valid unified social credit code (GB 32100 check failed)`,
    );
  }
  return code;
}

export interface PersonInput {
  name: string;
  idNumber: string;
  phone: string | null;
  regionCode: string;
  address: string | null;
}

/** The persons row of validated input: identifiers encrypted, blind-indexed and masked. */
export function encryptPerson(cipher: PersonalDataCipher, p: PersonInput) {
  const facts = factsOfResidentId(p.idNumber);
  return {
    region_code: p.regionCode,
    name: p.name,
    id_number_enc: cipher.encrypt(p.idNumber),
    id_number_hash: cipher.blindIndex(p.idNumber),
    id_number_hint: maskResidentId(p.idNumber),
    phone_enc: p.phone === null ? null : cipher.encrypt(p.phone),
    phone_hash: p.phone === null ? null : cipher.blindIndex(p.phone),
    phone_hint: p.phone === null ? null : maskPhone(p.phone),
    gender: facts.gender,
    birth_date: facts.birthDate,
    address: p.address,
  };
}

export { maskPhone, maskResidentId };
