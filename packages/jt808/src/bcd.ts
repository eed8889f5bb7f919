// BCD[n] (8421 code) fields: the terminal phone in the header and the GMT+8 time in 0x0200.

const GMT8_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Decimal digits of a BCD field, or null when a nibble is not 0–9. */
export function decodeBcd(bytes: Uint8Array): string | null {
  let digits = '';
  for (const byte of bytes) {
    const high = byte >> 4;
    const low = byte & 0x0f;
    if (high > 9 || low > 9) return null;
    digits += String.fromCharCode(48 + high, 48 + low);
  }
  return digits;
}

/** A digit string as BCD, left-padded with zeros to byteLength bytes. */
export function encodeBcd(digits: string, byteLength: number): Buffer {
  if (!/^[0-9]*$/.test(digits)) throw new RangeError(`BCD digits expected, got "${digits}"`);
  if (digits.length > byteLength * 2) {
    throw new RangeError(`"${digits}" does not fit in BCD[${byteLength}]`);
  }
  const padded = digits.padStart(byteLength * 2, '0');
  const out = Buffer.allocUnsafe(byteLength);
  for (let i = 0; i < byteLength; i++) {
    out[i] = ((padded.charCodeAt(2 * i) - 48) << 4) | (padded.charCodeAt(2 * i + 1) - 48);
  }
  return out;
}

/** True when every byte (of `start` to `end`) is zero: terminals without a fix send zero times. */
export function isAllZero(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** The value 0–99 of one BCD byte, or -1 when a nibble is not 0–9. */
function bcdByte(byte: number): number {
  const high = byte >> 4;
  const low = byte & 0x0f;
  return high > 9 || low > 9 ? -1 : high * 10 + low;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * BCD[6] YYMMDDhhmmss in GMT+8 (Beijing time) as a JS Date (an instant, i.e. UTC inside);
 * null when the digits are not BCD or not a real calendar time. With `offset`, the six bytes
 * at that offset of a larger body (read in place, nothing allocated but the Date).
 */
export function decodeBcdTime(bytes: Uint8Array, offset?: number): Date | null {
  if (offset === undefined ? bytes.length !== 6 : offset + 6 > bytes.length) return null;
  const at = offset ?? 0;
  const yy = bcdByte(bytes[at]!);
  const month = bcdByte(bytes[at + 1]!);
  const day = bcdByte(bytes[at + 2]!);
  const hour = bcdByte(bytes[at + 3]!);
  const minute = bcdByte(bytes[at + 4]!);
  const second = bcdByte(bytes[at + 5]!);
  if ((yy | month | day | hour | minute | second) < 0) return null;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  // 31 February is refused, not rolled into March (years 2000–2099: every fourth is leap).
  const isLeapFebruary = month === 2 && yy % 4 === 0;
  if (day > DAYS_IN_MONTH[month - 1]! + (isLeapFebruary ? 1 : 0)) return null;
  return new Date(Date.UTC(2000 + yy, month - 1, day, hour, minute, second) - GMT8_OFFSET_MS);
}

/** A Date as BCD[6] YYMMDDhhmmss in GMT+8; null gives six zero bytes. */
export function encodeBcdTime(time: Date | null): Buffer {
  if (time === null) return Buffer.alloc(6);
  const ms = time.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date');
  const local = new Date(ms + GMT8_OFFSET_MS);
  const year = local.getUTCFullYear();
  if (year < 2000 || year > 2099) throw new RangeError(`year ${year} does not fit in BCD YY`);
  const out = Buffer.allocUnsafe(6);
  out[0] = toBcdByte(year - 2000);
  out[1] = toBcdByte(local.getUTCMonth() + 1);
  out[2] = toBcdByte(local.getUTCDate());
  out[3] = toBcdByte(local.getUTCHours());
  out[4] = toBcdByte(local.getUTCMinutes());
  out[5] = toBcdByte(local.getUTCSeconds());
  return out;
}

/** 0–99 as one BCD byte. */
const toBcdByte = (value: number) => (Math.floor(value / 10) << 4) | (value % 10);
