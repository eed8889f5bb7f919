import { BodyDecodeError, createDecodeError, type Jt808DecodeError } from './decode-error.ts';
import { computeCheck, escapeBytes, ESCAPE, FLAG } from './escape.ts';
import {
  getHeaderLength,
  MAX_BODY_LENGTH,
  readHeader,
  writeHeader,
  type HeaderInput,
  type Jt808Header,
} from './header.ts';

export interface Jt808Packet {
  header: Jt808Header;
  /** Body bytes after unescaping (never shares memory with the input). */
  body: Uint8Array;
}

export type FrameResult =
  { type: 'packet'; packet: Jt808Packet } | { type: 'error'; error: Jt808DecodeError };

/**
 * Decode the bytes between two 0x7E flags: unescape, verify the XOR check, read the header,
 * compare the body length. Never throws.
 */
export function decodeFrame(content: Uint8Array): FrameResult {
  const size = content.length;
  const bytes = Buffer.allocUnsafe(size);
  let length = 0;
  let check = 0;
  // Unescape and XOR in one pass: this runs for every position of every truck.
  for (let i = 0; i < size; i++) {
    let byte = content[i]!;
    if (byte === ESCAPE) {
      const next = content[++i];
      if (next === 0x01) byte = ESCAPE;
      else if (next === 0x02) byte = FLAG;
      else {
        const what = next === undefined ? 'at the end' : `before 0x${hex(next)}`;
        return failure('bad_escape', `0x7D ${what} at offset ${i - 1}`, null, size);
      }
    } else if (byte === FLAG) {
      return failure('bad_escape', `unescaped 0x7E at offset ${i}`, null, size);
    }
    bytes[length++] = byte;
    check ^= byte;
  }
  // Shortest frame: 12-byte 2013 header + check.
  if (length < 13) {
    return failure('truncated', `${length} bytes is shorter than any frame`, null, size);
  }
  const withoutCheck = length - 1;
  if (check !== 0) {
    const expected = check ^ bytes[withoutCheck]!;
    return failure(
      'bad_check',
      `check 0x${hex(bytes[withoutCheck]!)} but XOR is 0x${hex(expected)}`,
      tryReadHeader(bytes, withoutCheck),
      size,
    );
  }
  let header: Jt808Header;
  try {
    header = readHeader(bytes, withoutCheck);
  } catch (error) {
    if (error instanceof BodyDecodeError) return failure(error.kind, error.message, null, size);
    throw error;
  }
  const headerLength = getHeaderLength(header.version, header.subPackage !== null);
  const actualBodyLength = withoutCheck - headerLength;
  if (actualBodyLength !== header.bodyLength) {
    return failure(
      'bad_length',
      `header says body is ${header.bodyLength} bytes, frame carries ${actualBodyLength}`,
      header,
      size,
    );
  }
  return { type: 'packet', packet: { header, body: bytes.subarray(headerLength, withoutCheck) } };
}

/** A complete frame (flags, escaped header, body and check) for a body of at most 1023 bytes. */
export function encodeFrame(header: HeaderInput, body: Uint8Array): Buffer {
  const headerBytes = writeHeader(header, body.length);
  const plain = Buffer.allocUnsafe(headerBytes.length + body.length + 1);
  headerBytes.copy(plain, 0);
  plain.set(body, headerBytes.length);
  plain[plain.length - 1] = computeCheck(plain.subarray(0, plain.length - 1));
  const escaped = escapeBytes(plain);
  const frame = Buffer.allocUnsafe(escaped.length + 2);
  frame[0] = FLAG;
  escaped.copy(frame, 1);
  frame[frame.length - 1] = FLAG;
  return frame;
}

/**
 * Frames for a body of any size: one frame when it fits, else sub-packages of at most
 * maxPackageBytes with consecutive serials starting at header.serial (wrapping at 0xFFFF).
 */
export function encodeSplitFrames(
  header: HeaderInput,
  body: Uint8Array,
  maxPackageBytes = MAX_BODY_LENGTH,
): Buffer[] {
  if (!Number.isInteger(maxPackageBytes) || maxPackageBytes < 1) {
    throw new RangeError(`package size ${maxPackageBytes} must be a positive integer`);
  }
  const packageBytes = Math.min(maxPackageBytes, MAX_BODY_LENGTH);
  if (body.length <= packageBytes) return [encodeFrame({ ...header, subPackage: null }, body)];
  const total = Math.ceil(body.length / packageBytes);
  if (total > 0xffff) throw new RangeError(`${total} packages exceed 65535`);
  const frames: Buffer[] = [];
  for (let index = 0; index < total; index++) {
    const part = body.subarray(index * packageBytes, (index + 1) * packageBytes);
    frames.push(
      encodeFrame(
        {
          ...header,
          serial: (header.serial + index) & 0xffff,
          subPackage: { total, number: index + 1 },
        },
        part,
      ),
    );
  }
  return frames;
}

function tryReadHeader(bytes: Uint8Array, length: number): Jt808Header | null {
  try {
    return readHeader(bytes, length);
  } catch {
    return null;
  }
}

function failure(
  kind: Jt808DecodeError['kind'],
  detail: string,
  header: Jt808Header | null,
  size: number,
): FrameResult {
  return { type: 'error', error: createDecodeError(kind, detail, header, size) };
}

function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
