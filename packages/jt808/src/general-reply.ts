import { ByteReader, ByteWriter } from './byte-reader.ts';
import { BodyDecodeError } from './decode-error.ts';

/** 0x8001 platform general reply and 0x0001 terminal general reply share this body. */
export interface GeneralReply {
  /** Serial of the message being answered. */
  replySerial: number;
  /** Id of the message being answered. */
  replyMessageId: number;
  /** See GeneralReplyResult. */
  result: number;
}

/** Read a general reply body (WORD serial, WORD id, BYTE result). */
export function readGeneralReply(body: Uint8Array): GeneralReply {
  const reader = new ByteReader(body);
  const reply = {
    replySerial: reader.readU16(),
    replyMessageId: reader.readU16(),
    result: reader.readU8(),
  };
  requireEnd(reader, 'general reply');
  return reply;
}

/** Body of a general reply. */
export function encodeGeneralReplyBody(reply: GeneralReply): Buffer {
  return new ByteWriter(5)
    .writeU16(reply.replySerial)
    .writeU16(reply.replyMessageId)
    .writeU8(reply.result)
    .toBuffer();
}

/** Fixed-size bodies must end where their last field ends. */
export function requireEnd(reader: ByteReader, what: string): void {
  if (reader.remaining !== 0) {
    throw new BodyDecodeError('bad_length', `${reader.remaining} bytes after the ${what} body`);
  }
}
