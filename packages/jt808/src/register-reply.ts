import { ByteReader, ByteWriter } from './byte-reader.ts';
import { requireEnd } from './general-reply.ts';
import { decodeGbkField, encodeGbk } from './gbk.ts';
import { RegisterResult } from './message-ids.ts';

/** 0x8100 terminal register reply. */
export interface RegisterReply {
  /** Serial of the 0x0100 being answered. */
  replySerial: number;
  /** See RegisterResult. */
  result: number;
  /** Present only when result is 0 (ok). */
  authCode: string | null;
}

/** Read a 0x8100 body. */
export function readRegisterReply(body: Uint8Array): RegisterReply {
  const reader = new ByteReader(body);
  const replySerial = reader.readU16();
  const result = reader.readU8();
  if (result !== RegisterResult.ok) {
    requireEnd(reader, 'register reply');
    return { replySerial, result, authCode: null };
  }
  return { replySerial, result, authCode: decodeGbkField(reader.readRest()) };
}

/**
 * Body of a 0x8100. The auth code is written with the GBK encoder; codes we issue are ASCII,
 * which GBK encodes byte for byte.
 */
export function encodeRegisterReplyBody(reply: RegisterReply): Buffer {
  const writer = new ByteWriter(32).writeU16(reply.replySerial).writeU8(reply.result);
  if (reply.result === RegisterResult.ok) {
    if (reply.authCode === null || reply.authCode === '') {
      throw new RangeError('a successful register reply needs an auth code');
    }
    writer.writeBytes(encodeGbk(reply.authCode));
  }
  return writer.toBuffer();
}
