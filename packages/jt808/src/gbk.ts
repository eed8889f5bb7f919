// JT/T 808 STRING fields are GBK. Node's WHATWG TextDecoder decodes GBK; there is no GBK
// TextEncoder, so the encoder below builds its reverse table once, lazily, from that same
// decoder (every two-byte GBK code, lead 0x81–0xFE, trail 0x40–0xFE except 0x7F). Only
// characters GBK can represent are encodable; anything else is a RangeError.

const gbkDecoder = new TextDecoder('gbk');

let reverseTable: Map<number, number> | null = null;

/** GBK bytes as text (invalid sequences become U+FFFD, never an exception). */
export function decodeGbk(bytes: Uint8Array): string {
  return gbkDecoder.decode(bytes);
}

/** GBK text of a fixed-width or NUL-terminated field, without its 0x00 padding. */
export function decodeGbkField(bytes: Uint8Array): string {
  let start = 0;
  let end = bytes.length;
  // Most terminals pad at the end; some (seen in 2019 registers) pad at the front.
  while (end > start && bytes[end - 1] === 0) end--;
  while (start < end && bytes[start] === 0) start++;
  return gbkDecoder.decode(bytes.subarray(start, end));
}

/** Text as GBK bytes; throws RangeError for a character GBK does not have. */
export function encodeGbk(text: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const pair = getReverseTable().get(code);
    if (pair === undefined) {
      throw new RangeError(`"${text[i]}" (U+${code.toString(16).toUpperCase()}) has no GBK code`);
    }
    out.push(pair >> 8, pair & 0xff);
  }
  return Buffer.from(out);
}

function getReverseTable(): Map<number, number> {
  if (reverseTable !== null) return reverseTable;
  // All candidate pairs, each followed by 0x00 so an invalid pair cannot swallow its neighbour.
  const pairs: number[] = [];
  const bytes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pairs.push((lead << 8) | trail);
      bytes.push(lead, trail, 0);
    }
  }
  const decoded = gbkDecoder.decode(Uint8Array.from(bytes)).split('\u0000');
  const table = new Map<number, number>();
  for (let i = 0; i < pairs.length; i++) {
    const text = decoded[i];
    if (text === undefined || text.length !== 1 || text === '\uFFFD') continue;
    const code = text.charCodeAt(0);
    if (!table.has(code)) table.set(code, pairs[i]!);
  }
  reverseTable = table;
  return table;
}
