import { ByteReader, ByteWriter } from './byte-reader.ts';
import { requireEnd } from './general-reply.ts';
import { decodeGbkField, encodeGbk } from './gbk.ts';
import type { Jt808Version } from './header.ts';

/** 0x0102 terminal authentication. */
export interface TerminalAuthentication {
  authCode: string;
  /** 2019 only (BYTE[15]). */
  imei: string | null;
  /** 2019 only (BYTE[20]). */
  softwareVersion: string | null;
}

const IMEI_BYTES = 15;
const SOFTWARE_VERSION_BYTES = 20;

/** Read a 0x0102 body: 2013 is the code alone, 2019 is length + code + IMEI + software version. */
export function readTerminalAuthentication(
  body: Uint8Array,
  version: Jt808Version,
): TerminalAuthentication {
  if (version === 2013) {
    return { authCode: decodeGbkField(body), imei: null, softwareVersion: null };
  }
  const reader = new ByteReader(body);
  const codeLength = reader.readU8();
  const authCode = decodeGbkField(reader.readBytes(codeLength, 'auth code'));
  const imei = decodeGbkField(reader.readBytes(IMEI_BYTES, 'IMEI'));
  const softwareVersion = decodeGbkField(reader.readBytes(SOFTWARE_VERSION_BYTES, 'version'));
  requireEnd(reader, 'authentication');
  return { authCode, imei, softwareVersion };
}

/** Body of a 0x0102 for the given version. */
export function encodeTerminalAuthenticationBody(
  authentication: TerminalAuthentication,
  version: Jt808Version,
): Buffer {
  const code = encodeGbk(authentication.authCode);
  if (version === 2013) return code;
  if (code.length > 0xff) throw new RangeError('auth code exceeds 255 bytes');
  return new ByteWriter(64)
    .writeU8(code.length)
    .writeBytes(code)
    .writeFixed(encodeGbk(authentication.imei ?? ''), IMEI_BYTES, 'IMEI')
    .writeFixed(encodeGbk(authentication.softwareVersion ?? ''), SOFTWARE_VERSION_BYTES, 'version')
    .toBuffer();
}
