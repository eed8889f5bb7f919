import {
  readTerminalAuthentication,
  encodeTerminalAuthenticationBody,
  type TerminalAuthentication,
} from './authenticate.ts';
import { BodyDecodeError, createDecodeError, type Jt808DecodeError } from './decode-error.ts';
import { encodeFrame, encodeSplitFrames, type Jt808Packet } from './frame.ts';
import { encodeGeneralReplyBody, readGeneralReply, type GeneralReply } from './general-reply.ts';
import type { HeaderInput, Jt808Header, Jt808Version } from './header.ts';
import {
  encodeLocationBatchBody,
  readLocationBatch,
  type LocationBatch,
} from './location-batch.ts';
import {
  encodeLocationBody,
  readLocationReport,
  type LocationInput,
  type LocationReport,
} from './location.ts';
import { MessageId } from './message-ids.ts';
import {
  encodeRegisterReplyBody,
  readRegisterReply,
  type RegisterReply,
} from './register-reply.ts';
import {
  encodeTerminalRegisterBody,
  readTerminalRegister,
  type TerminalRegister,
} from './register.ts';

/** A decoded message body, discriminated by kind (the key of its id in MessageId). */
export type Jt808Message =
  | { kind: 'terminalGeneralReply'; reply: GeneralReply }
  | { kind: 'heartbeat' }
  | { kind: 'logout' }
  | { kind: 'register'; register: TerminalRegister }
  | { kind: 'authenticate'; authentication: TerminalAuthentication }
  | { kind: 'location'; location: LocationReport }
  | { kind: 'locationBatch'; batch: LocationBatch }
  | { kind: 'platformGeneralReply'; reply: GeneralReply }
  | { kind: 'registerReply'; reply: RegisterReply };

/** What encodeMessage takes: locations may be plain inputs rather than decoded reports. */
export type Jt808MessageInput =
  | Exclude<Jt808Message, { kind: 'location' } | { kind: 'locationBatch' }>
  | { kind: 'location'; location: LocationInput }
  | { kind: 'locationBatch'; batch: { type: number; locations: readonly LocationInput[] } };

export type MessageResult =
  | { type: 'message'; header: Jt808Header; message: Jt808Message }
  | { type: 'error'; error: Jt808DecodeError };

/** Decode the body of a whole (not sub-packaged, not encrypted) packet. Never throws. */
export function decodeMessage(packet: Jt808Packet): MessageResult {
  const { header, body } = packet;
  if (header.subPackage !== null) {
    return failure('incomplete', 'sub-package: reassemble before decoding', header, body);
  }
  if (header.encryption !== 0) {
    return failure('unsupported', `encrypted body (mode ${header.encryption})`, header, body);
  }
  try {
    const message = readMessage(header, body);
    if (message === null) {
      const id = header.messageId.toString(16).padStart(4, '0');
      return failure('unsupported', `message id 0x${id}`, header, body);
    }
    return { type: 'message', header, message };
  } catch (error) {
    if (error instanceof BodyDecodeError) return failure(error.kind, error.message, header, body);
    throw error;
  }
}

function readMessage(header: Jt808Header, body: Uint8Array): Jt808Message | null {
  switch (header.messageId) {
    case MessageId.terminalGeneralReply:
      return { kind: 'terminalGeneralReply', reply: readGeneralReply(body) };
    case MessageId.heartbeat:
      return { kind: 'heartbeat' };
    case MessageId.logout:
      return { kind: 'logout' };
    case MessageId.register:
      return { kind: 'register', register: readTerminalRegister(body, header.version) };
    case MessageId.authenticate:
      return {
        kind: 'authenticate',
        authentication: readTerminalAuthentication(body, header.version),
      };
    case MessageId.location:
      return { kind: 'location', location: readLocationReport(body) };
    case MessageId.locationBatch:
      return { kind: 'locationBatch', batch: readLocationBatch(body) };
    case MessageId.platformGeneralReply:
      return { kind: 'platformGeneralReply', reply: readGeneralReply(body) };
    case MessageId.registerReply:
      return { kind: 'registerReply', reply: readRegisterReply(body) };
    default:
      return null;
  }
}

/** Body bytes of a message for a protocol version. */
export function encodeMessageBody(message: Jt808MessageInput, version: Jt808Version): Buffer {
  switch (message.kind) {
    case 'terminalGeneralReply':
    case 'platformGeneralReply':
      return encodeGeneralReplyBody(message.reply);
    case 'heartbeat':
    case 'logout':
      return Buffer.alloc(0);
    case 'register':
      return encodeTerminalRegisterBody(message.register, version);
    case 'authenticate':
      return encodeTerminalAuthenticationBody(message.authentication, version);
    case 'location':
      return encodeLocationBody(message.location);
    case 'locationBatch':
      return encodeLocationBatchBody(message.batch);
    case 'registerReply':
      return encodeRegisterReplyBody(message.reply);
  }
}

/**
 * Frames carrying a message (message id taken from its kind): one frame, or sub-packages
 * with consecutive serials when the body exceeds 1023 bytes (a large 0x0704).
 */
export function encodeMessage(
  header: Omit<HeaderInput, 'messageId' | 'subPackage'>,
  message: Jt808MessageInput,
): Buffer[] {
  const body = encodeMessageBody(message, header.version ?? 2013);
  return encodeSplitFrames({ ...header, messageId: MessageId[message.kind] }, body);
}

/** The single frame of a message whose body fits in one package (replies, heartbeats ...). */
export function encodeMessageFrame(
  header: Omit<HeaderInput, 'messageId' | 'subPackage'>,
  message: Jt808MessageInput,
): Buffer {
  const body = encodeMessageBody(message, header.version ?? 2013);
  return encodeFrame({ ...header, messageId: MessageId[message.kind], subPackage: null }, body);
}

function failure(
  kind: Jt808DecodeError['kind'],
  detail: string,
  header: Jt808Header,
  body: Uint8Array,
): MessageResult {
  return { type: 'error', error: createDecodeError(kind, detail, header, body.length) };
}
