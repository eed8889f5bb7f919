// One simulated JT/T 808 terminal over TCP: register (0x0100) → authenticate (0x0102) →
// positions (0x0200), heartbeats (0x0002) when quiet, and after an outage the positions it
// kept as a blind-area batch (0x0704 type 1). It reconnects when the platform drops it,
// authenticating with the code it holds and registering again when that is refused.
import net from 'node:net';
import {
  decodeMessage,
  encodeMessage,
  encodeMessageFrame,
  GeneralReplyResult,
  Jt808StreamDecoder,
  LocationBatchType,
  MessageId,
  RegisterResult,
  type Jt808Message,
  type Jt808MessageInput,
  type Jt808Version,
  type LocationInput,
} from '@citygov/jt808';

export interface TerminalIdentity {
  phone: string;
  plate: string;
  /** GB/T 2260 district code, e.g. 500103 (sent as province 50 and city 0103). */
  districtCode: string;
  terminalId: string;
  version: Jt808Version;
}

/** Counters a simulation sums over its terminals. */
export interface TerminalCounters {
  positionsSent: number;
  positionsAcked: number;
  positionsRefused: number;
  blindAreaBatches: number;
  blindAreaPositions: number;
  heartbeats: number;
  registrations: number;
  registrationsRefused: number;
  authenticationsFailed: number;
  connects: number;
  /** Connections lost after they were established. */
  disconnects: number;
}

export const emptyCounters = (): TerminalCounters => ({
  positionsSent: 0,
  positionsAcked: 0,
  positionsRefused: 0,
  blindAreaBatches: 0,
  blindAreaPositions: 0,
  heartbeats: 0,
  registrations: 0,
  registrationsRefused: 0,
  authenticationsFailed: 0,
  connects: 0,
  disconnects: 0,
});

type Phase = 'idle' | 'connecting' | 'registering' | 'authenticating' | 'online' | 'stopped';

/** How a terminal connects, and who hears of the platform's answers (load generators). */
export interface TerminalClientOptions {
  /** Source address (127.0.0.x): one address has ~28,000 ephemeral ports to one server port. */
  localAddress?: string;
  /** Called after each answer to a frame that carried positions (acknowledged or refused). */
  onAnswer?: () => void;
}

const MAX_RECONNECT_DELAY_MS = 30_000;
// A blind-area batch of this many positions fits one 1023-byte package with the usual extras.
const BLIND_BATCH_MAX = 20;

export class TerminalClient {
  readonly identity: TerminalIdentity;
  readonly counters: TerminalCounters = emptyCounters();
  readonly #host: string;
  readonly #port: number;
  readonly #options: TerminalClientOptions;
  #socket: net.Socket | null = null;
  #decoder = new Jt808StreamDecoder();
  #phase: Phase = 'idle';
  #authCode: string | null = null;
  #serial = 0;
  /** Serial → positions it carried, until the platform answers. */
  readonly #awaiting = new Map<number, number>();
  /** Positions kept while out of coverage or offline, sent as blind-area batches. */
  #kept: LocationInput[] = [];
  #isCovered = true;
  #lastSentAt = 0;
  #reconnectDelayMs = 1000;
  #reconnectTimer: NodeJS.Timeout | null = null;
  #onlineWaiters: Array<() => void> = [];

  constructor(
    identity: TerminalIdentity,
    host: string,
    port: number,
    options: TerminalClientOptions = {},
  ) {
    this.identity = identity;
    this.#host = host;
    this.#port = port;
    this.#options = options;
  }

  get isOnline(): boolean {
    return this.#phase === 'online';
  }

  /** Positions sent and not yet answered. */
  get unansweredCount(): number {
    let total = 0;
    for (const count of this.#awaiting.values()) total += count;
    return total;
  }

  /** Frames carrying positions sent and not yet answered. */
  get unansweredFrames(): number {
    return this.#awaiting.size;
  }

  /** Whether the socket has room (the platform keeps up). */
  get isWritable(): boolean {
    return this.#socket !== null && !this.#socket.writableNeedDrain;
  }

  start(): void {
    if (this.#phase !== 'idle') return;
    this.#connect();
  }

  /** Resolves when the terminal is authenticated (or stopped). */
  whenOnline(): Promise<void> {
    if (this.#phase === 'online' || this.#phase === 'stopped') return Promise.resolve();
    return new Promise((resolve) => this.#onlineWaiters.push(resolve));
  }

  /** Stops for good: no reconnect; the socket is ended. */
  stop(): void {
    this.#phase = 'stopped';
    if (this.#reconnectTimer !== null) clearTimeout(this.#reconnectTimer);
    this.#socket?.end();
    this.#releaseWaiters();
  }

  /** Out of coverage from now: positions are kept, not sent. */
  loseCoverage(): void {
    this.#isCovered = false;
  }

  /** Back in coverage: what was kept goes out as blind-area batches. */
  regainCoverage(): void {
    this.#isCovered = true;
    if (this.#phase === 'online') this.#sendKept();
  }

  /** Sends a position now, or keeps it while out of coverage or offline. */
  report(location: LocationInput): void {
    if (!this.#isCovered || this.#phase !== 'online') {
      this.#kept.push(location);
      // A terminal's memory is finite: keep the latest day at 10 s intervals at most.
      if (this.#kept.length > 8640) this.#kept.shift();
      return;
    }
    this.#send({ kind: 'location', location }, 1);
  }

  /**
   * Sends positions as one 0x0704 normal batch (type 0), or keeps them while out of coverage
   * or offline (they go out later as blind-area batches).
   */
  reportBatch(locations: readonly LocationInput[]): void {
    if (!this.#isCovered || this.#phase !== 'online') {
      for (const location of locations) this.report(location);
      return;
    }
    this.#send(
      {
        kind: 'locationBatch',
        batch: { type: LocationBatchType.normal, locations: [...locations] },
      },
      locations.length,
    );
  }

  /** A heartbeat when nothing was sent for `quietMs`. */
  keepAlive(nowMs: number, quietMs: number): void {
    if (this.#phase !== 'online' || !this.#isCovered) return;
    if (nowMs - this.#lastSentAt < quietMs) return;
    this.#send({ kind: 'heartbeat' }, 0);
    this.counters.heartbeats++;
  }

  #connect(): void {
    this.#phase = 'connecting';
    this.#decoder = new Jt808StreamDecoder();
    const socket = net.createConnection({
      host: this.#host,
      port: this.#port,
      localAddress: this.#options.localAddress,
    });
    this.#socket = socket;
    socket.setNoDelay(true);
    let wasConnected = false;
    socket.on('connect', () => {
      wasConnected = true;
      this.counters.connects++;
      this.#reconnectDelayMs = 1000;
      if (this.#authCode !== null) this.#authenticate();
      else this.#register();
    });
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', () => {}); // 'close' follows
    socket.on('close', () => this.#onClose(socket, wasConnected));
  }

  #onClose(socket: net.Socket, wasConnected: boolean): void {
    if (this.#socket !== socket) return;
    this.#socket = null;
    if (wasConnected) this.counters.disconnects++;
    // Whatever was not answered may or may not be stored: counted as neither.
    this.#awaiting.clear();
    if (this.#phase === 'stopped') return;
    this.#phase = 'idle';
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      if (this.#phase === 'idle') this.#connect();
    }, this.#reconnectDelayMs);
    this.#reconnectDelayMs = Math.min(MAX_RECONNECT_DELAY_MS, this.#reconnectDelayMs * 2);
  }

  #register(): void {
    this.#phase = 'registering';
    this.counters.registrations++;
    const { identity } = this;
    this.#send(
      {
        kind: 'register',
        register: {
          provinceId: Number(identity.districtCode.slice(0, 2)),
          cityId: Number(identity.districtCode.slice(2, 6)),
          manufacturerId: 'CGSIM',
          terminalModel: 'CG-SIM-808',
          terminalId: identity.terminalId,
          plateColor: 2,
          plate: identity.plate,
          vin: null,
        },
      },
      0,
    );
  }

  #authenticate(): void {
    this.#phase = 'authenticating';
    this.#send(
      {
        kind: 'authenticate',
        authentication: {
          authCode: this.#authCode!,
          imei: '860000000000000',
          softwareVersion: '1.0.0',
        },
      },
      0,
    );
  }

  #onData(chunk: Buffer): void {
    for (const result of this.#decoder.push(chunk)) {
      if (result.type === 'error') continue;
      const decoded = decodeMessage(result.packet);
      if (decoded.type === 'message') this.#onMessage(decoded.message);
    }
  }

  #onMessage(message: Jt808Message): void {
    if (message.kind === 'registerReply') {
      if (message.reply.result === RegisterResult.ok && message.reply.authCode !== null) {
        this.#authCode = message.reply.authCode;
        this.#authenticate();
      } else {
        this.counters.registrationsRefused++;
        this.#socket?.end(); // reconnects later and tries again
      }
      return;
    }
    if (message.kind !== 'platformGeneralReply') return;
    const { reply } = message;
    if (reply.replyMessageId === MessageId.authenticate) {
      if (reply.result === GeneralReplyResult.ok) {
        this.#phase = 'online';
        this.#releaseWaiters();
        if (this.#isCovered) this.#sendKept();
      } else {
        this.counters.authenticationsFailed++;
        this.#authCode = null; // register afresh on the next connection
      }
      return;
    }
    const count = this.#awaiting.get(reply.replySerial);
    if (count === undefined) return;
    this.#awaiting.delete(reply.replySerial);
    if (reply.result === GeneralReplyResult.ok) this.counters.positionsAcked += count;
    else this.counters.positionsRefused += count;
    this.#options.onAnswer?.();
  }

  #sendKept(): void {
    while (this.#kept.length > 0) {
      const batch = this.#kept.splice(0, BLIND_BATCH_MAX);
      this.#send(
        { kind: 'locationBatch', batch: { type: LocationBatchType.blindArea, locations: batch } },
        batch.length,
      );
      this.counters.blindAreaBatches++;
      this.counters.blindAreaPositions += batch.length;
    }
  }

  #send(message: Jt808MessageInput, positions: number): void {
    const socket = this.#socket;
    if (socket === null || socket.destroyed) return;
    const header = {
      phone: this.identity.phone,
      serial: this.#serial,
      version: this.identity.version,
    };
    const frames =
      message.kind === 'locationBatch'
        ? encodeMessage(header, message)
        : [encodeMessageFrame(header, message)];
    // Sub-packages take consecutive serials; the platform answers the last one with the result.
    this.#serial = (this.#serial + frames.length) & 0xffff;
    if (positions > 0) {
      this.#awaiting.set((header.serial + frames.length - 1) & 0xffff, positions);
      this.counters.positionsSent += positions;
    }
    socket.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
    this.#lastSentAt = Date.now();
  }

  #releaseWaiters(): void {
    const waiters = this.#onlineWaiters;
    this.#onlineWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
