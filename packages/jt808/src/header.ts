import { decodeBcd, encodeBcd } from './bcd.ts';
import { BodyDecodeError } from './decode-error.ts';

export type Jt808Version = 2013 | 2019;

export interface SubPackageInfo {
  /** Total number of packages of the message. */
  total: number;
  /** This package's number, 1-based. */
  number: number;
}

export interface Jt808Header {
  messageId: number;
  /** Body length from the properties word (bits 0–9). */
  bodyLength: number;
  /** Encryption bits 10–12: 0 none, 1 RSA (bit 10). */
  encryption: number;
  /** 2019 when properties bit 14 is set, else 2013. */
  version: Jt808Version;
  /** Protocol version byte of the 2019 header (0 for 2013 frames). */
  protocolVersion: number;
  /** Terminal phone: the BCD digits without leading zeros (12 digits 2013, 20 digits 2019). */
  phone: string;
  serial: number;
  subPackage: SubPackageInfo | null;
}

/** What an encoder needs; a decoded Jt808Header is accepted as is. */
export interface HeaderInput {
  messageId: number;
  phone: string;
  serial: number;
  /** Defaults to 2013. */
  version?: Jt808Version;
  /** 2019 only; defaults to 1 (the first 2019 revision). */
  protocolVersion?: number;
  encryption?: number;
  subPackage?: SubPackageInfo | null;
}

export const MAX_BODY_LENGTH = 0x3ff;

const SUB_PACKAGE_BIT = 1 << 13;
const VERSION_2019_BIT = 1 << 14;

/** Header length in bytes for a version, with or without the package item. */
export function getHeaderLength(version: Jt808Version, hasSubPackage: boolean): number {
  return (version === 2019 ? 17 : 12) + (hasSubPackage ? 4 : 0);
}

/**
 * Read the header at the start of an unescaped frame (without the check byte);
 * throws BodyDecodeError('truncated' | 'bad_header').
 */
export function readHeader(bytes: Uint8Array, length: number): Jt808Header {
  if (length < 12) throw new BodyDecodeError('truncated', `frame of ${length} bytes has no header`);
  const messageId = (bytes[0]! << 8) | bytes[1]!;
  const properties = (bytes[2]! << 8) | bytes[3]!;
  const version: Jt808Version = (properties & VERSION_2019_BIT) !== 0 ? 2019 : 2013;
  const hasSubPackage = (properties & SUB_PACKAGE_BIT) !== 0;
  const headerLength = getHeaderLength(version, hasSubPackage);
  if (length < headerLength) {
    throw new BodyDecodeError(
      'truncated',
      `${version} header${hasSubPackage ? ' with package item' : ''} needs ${headerLength} bytes, frame has ${length}`,
    );
  }
  let offset = 4;
  let protocolVersion = 0;
  if (version === 2019) protocolVersion = bytes[offset++]!;
  const phoneLength = version === 2019 ? 10 : 6;
  const digits = decodeBcd(bytes.subarray(offset, offset + phoneLength));
  if (digits === null) throw new BodyDecodeError('bad_header', 'terminal phone is not BCD');
  offset += phoneLength;
  const serial = (bytes[offset]! << 8) | bytes[offset + 1]!;
  offset += 2;
  let subPackage: SubPackageInfo | null = null;
  if (hasSubPackage) {
    const total = (bytes[offset]! << 8) | bytes[offset + 1]!;
    const number = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    if (total === 0 || number === 0 || number > total) {
      throw new BodyDecodeError('bad_header', `package ${number} of ${total} is impossible`);
    }
    subPackage = { total, number };
  }
  return {
    messageId,
    bodyLength: properties & MAX_BODY_LENGTH,
    encryption: (properties >> 10) & 0x07,
    version,
    protocolVersion,
    phone: stripLeadingZeros(digits),
    serial,
    subPackage,
  };
}

/** Header bytes for a body of bodyLength bytes; throws RangeError on values that do not fit. */
export function writeHeader(header: HeaderInput, bodyLength: number): Buffer {
  const version = header.version ?? 2013;
  const subPackage = header.subPackage ?? null;
  const encryption = header.encryption ?? 0;
  if (bodyLength > MAX_BODY_LENGTH) {
    throw new RangeError(`body of ${bodyLength} bytes exceeds ${MAX_BODY_LENGTH}: split it`);
  }
  if (!Number.isInteger(encryption) || encryption < 0 || encryption > 7) {
    throw new RangeError(`encryption ${encryption} does not fit in 3 bits`);
  }
  checkWord(header.messageId, 'message id');
  checkWord(header.serial, 'serial');
  const out = Buffer.allocUnsafe(getHeaderLength(version, subPackage !== null));
  out.writeUInt16BE(header.messageId, 0);
  let properties = bodyLength | (encryption << 10);
  if (subPackage !== null) properties |= SUB_PACKAGE_BIT;
  if (version === 2019) properties |= VERSION_2019_BIT;
  out.writeUInt16BE(properties, 2);
  let offset = 4;
  if (version === 2019) {
    const protocolVersion = header.protocolVersion ?? 1;
    if (!Number.isInteger(protocolVersion) || protocolVersion < 0 || protocolVersion > 0xff) {
      throw new RangeError(`protocol version ${protocolVersion} does not fit in a BYTE`);
    }
    out[offset++] = protocolVersion;
  }
  const phoneLength = version === 2019 ? 10 : 6;
  encodeBcd(header.phone, phoneLength).copy(out, offset);
  offset += phoneLength;
  out.writeUInt16BE(header.serial, offset);
  offset += 2;
  if (subPackage !== null) {
    checkWord(subPackage.total, 'package total');
    checkWord(subPackage.number, 'package number');
    if (subPackage.number < 1 || subPackage.number > subPackage.total) {
      throw new RangeError(`package ${subPackage.number} of ${subPackage.total} is impossible`);
    }
    out.writeUInt16BE(subPackage.total, offset);
    out.writeUInt16BE(subPackage.number, offset + 2);
  }
  return out;
}

function stripLeadingZeros(digits: string): string {
  const stripped = digits.replace(/^0+/, '');
  return stripped === '' ? '0' : stripped;
}

function checkWord(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw new RangeError(`${what} ${value} does not fit in a WORD`);
  }
}
