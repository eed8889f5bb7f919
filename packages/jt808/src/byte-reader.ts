import { BodyDecodeError } from './decode-error.ts';

/** Big-endian reader over a body; running past the end throws BodyDecodeError('truncated'). */
export class ByteReader {
  readonly bytes: Uint8Array;
  readonly end: number;
  offset: number;
  readonly #view: DataView;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.offset = start;
    this.end = end;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  readU8(): number {
    this.#need(1, 'BYTE');
    return this.bytes[this.offset++]!;
  }

  readU16(): number {
    this.#need(2, 'WORD');
    const value = this.#view.getUint16(this.offset);
    this.offset += 2;
    return value;
  }

  readU32(): number {
    this.#need(4, 'DWORD');
    const value = this.#view.getUint32(this.offset);
    this.offset += 4;
    return value;
  }

  /** A view (not a copy) of the next n bytes. */
  readBytes(n: number, what = 'BYTE[n]'): Uint8Array {
    this.#need(n, what);
    const slice = this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return slice;
  }

  /** Moves past the next n bytes (checked like a read); answers where they start. */
  skip(n: number, what = 'BYTE[n]'): number {
    this.#need(n, what);
    const start = this.offset;
    this.offset += n;
    return start;
  }

  readRest(): Uint8Array {
    return this.readBytes(this.remaining);
  }

  #need(n: number, what: string): void {
    if (this.offset + n > this.end) {
      throw new BodyDecodeError(
        'truncated',
        `${what} needs ${n} bytes at offset ${this.offset}, ${this.end - this.offset} left`,
      );
    }
  }
}

/** Growable big-endian writer used by the encoders. */
export class ByteWriter {
  #buffer: Buffer;
  #length = 0;

  constructor(initialSize = 64) {
    this.#buffer = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.#length;
  }

  writeU8(value: number): this {
    checkUnsigned(value, 0xff, 'BYTE');
    this.#ensure(1);
    this.#buffer[this.#length++] = value;
    return this;
  }

  writeU16(value: number): this {
    checkUnsigned(value, 0xffff, 'WORD');
    this.#ensure(2);
    this.#buffer.writeUInt16BE(value, this.#length);
    this.#length += 2;
    return this;
  }

  writeU32(value: number): this {
    checkUnsigned(value, 0xffffffff, 'DWORD');
    this.#ensure(4);
    this.#buffer.writeUInt32BE(value, this.#length);
    this.#length += 4;
    return this;
  }

  writeBytes(bytes: Uint8Array): this {
    this.#ensure(bytes.length);
    this.#buffer.set(bytes, this.#length);
    this.#length += bytes.length;
    return this;
  }

  /** Bytes right-padded with 0x00 to a fixed width (JT/T 808 BYTE[n] fields). */
  writeFixed(bytes: Uint8Array, width: number, what: string): this {
    if (bytes.length > width) {
      throw new RangeError(`${what} is ${bytes.length} bytes, at most ${width} allowed`);
    }
    this.writeBytes(bytes);
    this.#ensure(width - bytes.length);
    this.#buffer.fill(0, this.#length, this.#length + width - bytes.length);
    this.#length += width - bytes.length;
    return this;
  }

  toBuffer(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  #ensure(n: number): void {
    if (this.#length + n <= this.#buffer.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.#buffer.length * 2, this.#length + n));
    this.#buffer.copy(next, 0, 0, this.#length);
    this.#buffer = next;
  }
}

function checkUnsigned(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`${what} value ${value} is outside 0..${max}`);
  }
}
