import type { Jt808Header } from './header.ts';

/** Why a frame or body could not be decoded; the gateway counts these and decides to answer or drop. */
export type DecodeErrorKind =
  | 'garbage' // bytes before the first 0x7E flag of a stream
  | 'oversize' // a frame (or sub-package set) larger than the configured maximum
  | 'bad_escape' // 0x7D followed by anything but 0x01 / 0x02, or a bare 0x7E inside a frame
  | 'bad_check' // XOR check mismatch
  | 'truncated' // fewer bytes than the header or a body field needs
  | 'bad_length' // body length in the header (or inside a body) disagrees with the bytes present
  | 'bad_header' // header fields that cannot be right (non-BCD phone, package number 0 ...)
  | 'bad_value' // a body field out of range (invalid BCD time ...)
  | 'unsupported' // message id we do not decode, or an encrypted body
  | 'incomplete'; // sub-package set not (yet) complete

export interface Jt808DecodeError {
  kind: DecodeErrorKind;
  detail: string;
  /** Parsed header when the bytes held one; for 'bad_check' it is unverified. */
  header: Jt808Header | null;
  /** Bytes concerned (frame length, garbage run ...). */
  byteCount: number;
}

/** Thrown only inside body readers and turned into a result before leaving the package. */
export class BodyDecodeError extends Error {
  readonly kind: DecodeErrorKind;

  constructor(kind: DecodeErrorKind, detail: string) {
    super(detail);
    this.kind = kind;
  }
}

/** Build a decode error value. */
export function createDecodeError(
  kind: DecodeErrorKind,
  detail: string,
  header: Jt808Header | null = null,
  byteCount = 0,
): Jt808DecodeError {
  return { kind, detail, header, byteCount };
}
