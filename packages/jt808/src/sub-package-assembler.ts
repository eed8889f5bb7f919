import { createDecodeError, type Jt808DecodeError } from './decode-error.ts';
import type { Jt808Packet } from './frame.ts';

export interface SubPackageAssemblerOptions {
  /** A set not completed this long after its first package is dropped by expire(). */
  timeoutMs?: number;
  /** Incomplete sets held at once; one assembler per connection keeps a terminal to its own. */
  maxSets?: number;
  /** Body bytes one reassembled message may reach. */
  maxMessageBytes?: number;
}

export type AssembleResult =
  | { type: 'packet'; packet: Jt808Packet }
  | { type: 'pending'; received: number; total: number }
  | { type: 'error'; error: Jt808DecodeError };

export interface ExpiredSet {
  phone: string;
  messageId: number;
  /** Serial of package 1: what a 0x8003 re-send request names. */
  firstSerial: number;
  total: number;
  /** Package numbers never received (1-based). */
  missing: number[];
}

interface PendingSet {
  firstPacket: Jt808Packet | null;
  phone: string;
  messageId: number;
  firstSerial: number;
  total: number;
  /** Package number → body; a Map so a forged huge total costs nothing until packages arrive. */
  parts: Map<number, Uint8Array>;
  bytes: number;
  startedAt: number;
}

/**
 * Reassembles sub-packaged messages. Packages of one message share phone, message id and
 * total, and carry consecutive serials, so (serial - number + 1) is the serial of package 1.
 */
export class SubPackageAssembler {
  readonly timeoutMs: number;
  readonly maxSets: number;
  readonly maxMessageBytes: number;
  readonly #sets = new Map<string, PendingSet>();

  constructor(options: SubPackageAssemblerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxSets = options.maxSets ?? 64;
    this.maxMessageBytes = options.maxMessageBytes ?? 2 * 1024 * 1024;
  }

  /** Incomplete sets currently held. */
  get pendingCount(): number {
    return this.#sets.size;
  }

  /** Add a packet: whole packets pass through, the last missing package yields the message. */
  add(packet: Jt808Packet, nowMs: number = Date.now()): AssembleResult {
    const info = packet.header.subPackage;
    if (info === null) return { type: 'packet', packet };
    const { header } = packet;
    const firstSerial = (header.serial - info.number + 1) & 0xffff;
    const key = `${header.phone}/${header.messageId}/${firstSerial}/${info.total}`;
    let set = this.#sets.get(key);
    if (set === undefined) {
      if (this.#sets.size >= this.maxSets) {
        return this.#failure('oversize', `more than ${this.maxSets} incomplete sets`, packet);
      }
      set = {
        firstPacket: null,
        phone: header.phone,
        messageId: header.messageId,
        firstSerial,
        total: info.total,
        parts: new Map(),
        bytes: 0,
        startedAt: nowMs,
      };
      this.#sets.set(key, set);
    }
    const previous = set.parts.get(info.number);
    // A re-sent package replaces the earlier copy.
    const bytes = set.bytes - (previous?.length ?? 0) + packet.body.length;
    if (bytes > this.maxMessageBytes) {
      this.#sets.delete(key);
      return this.#failure('oversize', `message exceeds ${this.maxMessageBytes} bytes`, packet);
    }
    set.parts.set(info.number, packet.body);
    set.bytes = bytes;
    if (info.number === 1) set.firstPacket = packet;
    if (set.parts.size < set.total) {
      return { type: 'pending', received: set.parts.size, total: set.total };
    }
    this.#sets.delete(key);
    const ordered: Uint8Array[] = [];
    for (let number = 1; number <= set.total; number++) ordered.push(set.parts.get(number)!);
    const body = Buffer.concat(ordered, set.bytes);
    const first = set.firstPacket ?? packet;
    return {
      type: 'packet',
      packet: {
        header: { ...first.header, serial: firstSerial, bodyLength: body.length, subPackage: null },
        body,
      },
    };
  }

  /** Drop sets older than the timeout and say what each was missing. */
  expire(nowMs: number = Date.now()): ExpiredSet[] {
    const expired: ExpiredSet[] = [];
    for (const [key, set] of this.#sets) {
      if (nowMs - set.startedAt < this.timeoutMs) continue;
      this.#sets.delete(key);
      const missing: number[] = [];
      for (let number = 1; number <= set.total; number++) {
        if (!set.parts.has(number)) missing.push(number);
      }
      expired.push({
        phone: set.phone,
        messageId: set.messageId,
        firstSerial: set.firstSerial,
        total: set.total,
        missing,
      });
    }
    return expired;
  }

  #failure(kind: 'oversize', detail: string, packet: Jt808Packet): AssembleResult {
    return {
      type: 'error',
      error: createDecodeError(kind, detail, packet.header, packet.body.length),
    };
  }
}
