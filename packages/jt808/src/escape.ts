// Escaping between the 0x7E flags: 0x7E <-> 0x7D 0x02, 0x7D <-> 0x7D 0x01.

export const FLAG = 0x7e;
export const ESCAPE = 0x7d;

/** Escape bytes that sit between two flags (header, body and check). */
export function escapeBytes(bytes: Uint8Array): Buffer {
  // Indexed loops: the iterator form showed in the simulator's profile at 50,000 positions/s.
  const n = bytes.length;
  let extra = 0;
  for (let i = 0; i < n; i++) {
    const byte = bytes[i]!;
    if (byte === FLAG || byte === ESCAPE) extra++;
  }
  const out = Buffer.allocUnsafe(n + extra);
  if (extra === 0) {
    out.set(bytes);
    return out;
  }
  let j = 0;
  for (let i = 0; i < n; i++) {
    const byte = bytes[i]!;
    if (byte === FLAG) {
      out[j++] = ESCAPE;
      out[j++] = 0x02;
    } else if (byte === ESCAPE) {
      out[j++] = ESCAPE;
      out[j++] = 0x01;
    } else {
      out[j++] = byte;
    }
  }
  return out;
}

/** Undo escaping; null when 0x7D is followed by anything but 0x01/0x02 or a bare 0x7E appears. */
export function unescapeBytes(bytes: Uint8Array): Buffer | null {
  const out = Buffer.allocUnsafe(bytes.length);
  let j = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === FLAG) return null;
    if (byte !== ESCAPE) {
      out[j++] = byte;
      continue;
    }
    const next = bytes[++i];
    if (next === 0x01) out[j++] = ESCAPE;
    else if (next === 0x02) out[j++] = FLAG;
    else return null;
  }
  return out.subarray(0, j);
}

/** XOR of all bytes: the JT/T 808 check code. */
export function computeCheck(bytes: Uint8Array): number {
  let check = 0;
  for (const byte of bytes) check ^= byte;
  return check;
}
