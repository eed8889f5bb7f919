// One JT/T 808 connection: frames in, replies out, positions to the pipeline. Messages of a
// connection are handled in order; a database step (register, authenticate) pauses reading.
// Everything that goes wrong here stays here: the socket is closed, other connections go on.
import type { Socket } from 'node:net';
import {
  decodeMessage,
  encodeMessageFrame,
  GeneralReplyResult,
  Jt808StreamDecoder,
  LocationBatchType,
  MessageId,
  SubPackageAssembler,
  type Jt808DecodeError,
  type Jt808Header,
  type Jt808Message,
  type Jt808Packet,
  type LocationReport,
} from '@citygov/jt808';
import type { Db } from '../../platform/db/database.ts';
import type { PositionPipeline } from './position-pipeline.ts';
import type { TelematicsSettings } from './settings.ts';
import {
  jt808Authentications,
  jt808Closed,
  jt808FrameErrors,
  jt808Messages,
  jt808Registrations,
  jt808Replies,
  positionsReceived,
  positionsRejected,
} from './telematics-metrics.ts';
import { authenticateTerminal, registerTerminal } from './terminals.ts';
import {
  findPositionProblem,
  normaliseDirection,
  type VehiclePosition,
  type VehicleRef,
} from './vehicle-position.ts';

export interface SessionLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What the sessions of one gateway share. */
export interface SessionContext {
  db: Db;
  pipeline: PositionPipeline;
  settings: TelematicsSettings;
  log: SessionLog;
  /** A terminal authenticated here: the gateway closes its older connection, if any. */
  onAuthenticated(session: TerminalSession): void;
  onClosed(session: TerminalSession): void;
}

// Replies queued beyond this mean the terminal does not read: it is cut off.
const MAX_QUEUED_OUTPUT_BYTES = 256 * 1024;
// An unauthenticated connection sending this many bad frames is not a terminal.
const MAX_ERRORS_BEFORE_AUTH = 20;

const PAUSE_BUSY = 1;
const PAUSE_WRITE = 2;
const PAUSE_STORAGE = 4;
const PAUSE_STOPPED = 8;
// Reasons that also stop handling packets already read (write and storage pressure only stop reading).
const HOLD_PACKETS = PAUSE_BUSY | PAUSE_STOPPED;

const knownMessageIds = new Set<number>(Object.values(MessageId));

// Label values from a closed set: a terminal sending random ids must not grow /metrics.
const hexId = (id: number) =>
  knownMessageIds.has(id) ? `0x${id.toString(16).padStart(4, '0')}` : 'other';

export class TerminalSession {
  readonly socket: Socket;
  readonly openedAt = Date.now();
  readonly #ctx: SessionContext;
  readonly #decoder = new Jt808StreamDecoder();
  #assembler: SubPackageAssembler | null = null;
  #vehicle: VehicleRef | null = null;
  #phone: string | null = null;
  #serial = 0;
  #queue: Jt808Packet[] = [];
  #queueHead = 0;
  #pauseReasons = 0;
  #output: Buffer[] = [];
  #isOutputScheduled = false;
  #isEnding = false;
  #isClosed = false;
  #errorsBeforeAuth = 0;

  constructor(socket: Socket, ctx: SessionContext) {
    this.socket = socket;
    this.#ctx = ctx;
    socket.setNoDelay(true);
    socket.setTimeout(ctx.settings.authTimeoutSeconds * 1000);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('timeout', () => this.close('idle'));
    socket.on('error', (error) => {
      ctx.log.debug({ err: error, terminal: this.#phone }, 'jt808 socket error');
    });
    socket.on('close', () => this.#onClose());
    socket.on('drain', () => this.#setPaused(PAUSE_WRITE, false));
    if (ctx.pipeline.isOverloaded) this.#setPaused(PAUSE_STORAGE, true);
  }

  get vehicle(): VehicleRef | null {
    return this.#vehicle;
  }

  get phone(): string | null {
    return this.#phone;
  }

  get isAuthenticated(): boolean {
    return this.#vehicle !== null;
  }

  /** Stop or go on reading because storage is behind. */
  setStoragePressure(isOverloaded: boolean): void {
    this.#setPaused(PAUSE_STORAGE, isOverloaded);
  }

  /** Drops sub-package sets that will never complete; true when it was unauthenticated too long. */
  sweep(nowMs: number): void {
    this.#assembler?.expire(nowMs);
    if (
      this.#vehicle === null &&
      nowMs - this.openedAt > this.#ctx.settings.authTimeoutSeconds * 1000
    ) {
      this.close('auth_timeout');
    }
  }

  /** Closes the connection at once (counted by reason). */
  close(reason: string): void {
    if (this.#isClosed) return;
    jt808Closed.inc({ reason });
    this.socket.destroy();
  }

  /** Stops reading (shutdown): what was read is still answered. */
  stopReading(): void {
    this.#setPaused(PAUSE_STOPPED, true);
    this.#queue = [];
    this.#queueHead = 0;
  }

  /** Ends the connection politely once queued replies are written. */
  end(): void {
    this.#isEnding = true;
    this.#scheduleOutput();
  }

  #onData(chunk: Buffer): void {
    if (this.#isEnding || this.#isClosed) return;
    try {
      for (const result of this.#decoder.push(chunk)) {
        if (result.type === 'error') this.#onFrameError(result.error);
        else this.#queue.push(result.packet);
      }
      this.#drain();
    } catch (error) {
      this.#fail(error);
    }
  }

  #onFrameError(error: Jt808DecodeError): void {
    // Bad check with a readable header: the standard's "bad message" answer. Anything else
    // (bad escape, wrong length, garbage, oversize) cannot be trusted to answer: dropped.
    if (error.kind === 'bad_check' && error.header !== null) {
      jt808FrameErrors.inc({ kind: error.kind, action: 'answered' });
      this.#reply(error.header, GeneralReplyResult.badMessage);
    } else {
      jt808FrameErrors.inc({ kind: error.kind, action: 'dropped' });
    }
    if (this.#vehicle === null && ++this.#errorsBeforeAuth > MAX_ERRORS_BEFORE_AUTH) {
      this.close('malformed');
    }
  }

  /** Handles queued packets in order until one needs the database. */
  #drain(): void {
    while (this.#queueHead < this.#queue.length && (this.#pauseReasons & HOLD_PACKETS) === 0) {
      if (this.#isEnding || this.#isClosed) {
        this.#queueHead = this.#queue.length; // what follows a logout or a refusal is not read
        break;
      }
      const packet = this.#queue[this.#queueHead]!;
      this.#queue[this.#queueHead++] = undefined as unknown as Jt808Packet;
      const pending = this.#handlePacket(packet);
      if (pending !== undefined) {
        this.#setPaused(PAUSE_BUSY, true);
        pending
          .catch((error: unknown) => this.#fail(error))
          .finally(() => {
            this.#setPaused(PAUSE_BUSY, false);
            if (!this.#isClosed) this.#drain();
          });
        return;
      }
    }
    if (this.#queueHead >= this.#queue.length) {
      this.#queue = [];
      this.#queueHead = 0;
    }
  }

  #handlePacket(packet: Jt808Packet): Promise<void> | undefined {
    const { header } = packet;
    jt808Messages.inc({ message: hexId(header.messageId) });
    const isSessionMessage =
      header.messageId === MessageId.register || header.messageId === MessageId.authenticate;
    // Before authentication only register and authenticate; after it, only this terminal's
    // messages (a connection carries one terminal).
    if (!isSessionMessage && (this.#vehicle === null || header.phone !== this.#phone)) {
      this.#reply(header, GeneralReplyResult.fail);
      if (this.#vehicle === null && ++this.#errorsBeforeAuth > MAX_ERRORS_BEFORE_AUTH) {
        this.close('unauthenticated');
      }
      return undefined;
    }
    let whole = packet;
    if (header.subPackage !== null) {
      this.#assembler ??= new SubPackageAssembler();
      const assembled = this.#assembler.add(packet);
      if (assembled.type === 'error') {
        jt808FrameErrors.inc({ kind: assembled.error.kind, action: 'dropped' });
        return undefined;
      }
      if (assembled.type === 'pending') {
        this.#reply(header, GeneralReplyResult.ok);
        return undefined;
      }
      whole = assembled.packet;
    }
    const decoded = decodeMessage(whole);
    if (decoded.type === 'error') {
      const isUnsupported = decoded.error.kind === 'unsupported';
      jt808FrameErrors.inc({ kind: decoded.error.kind, action: 'answered' });
      this.#reply(
        header,
        isUnsupported ? GeneralReplyResult.unsupported : GeneralReplyResult.badMessage,
      );
      return undefined;
    }
    return this.#handleMessage(header, decoded.message);
  }

  /** `header` is the packet that completed the message: its serial is the one answered. */
  #handleMessage(header: Jt808Header, message: Jt808Message): Promise<void> | undefined {
    switch (message.kind) {
      case 'register':
        return this.#register(header, message);
      case 'authenticate':
        return this.#authenticate(header, message.authentication.authCode);
      case 'heartbeat':
        this.#reply(header, GeneralReplyResult.ok);
        return undefined;
      case 'logout':
        this.#reply(header, GeneralReplyResult.ok);
        this.#vehicle = null;
        this.end();
        return undefined;
      case 'location':
        this.#acceptLocations(header, [message.location], false);
        return undefined;
      case 'locationBatch':
        this.#acceptLocations(
          header,
          message.batch.locations,
          message.batch.type === LocationBatchType.blindArea,
        );
        return undefined;
      case 'terminalGeneralReply':
        // The terminal answering a platform command: general replies are never answered.
        return undefined;
      case 'platformGeneralReply':
      case 'registerReply':
        this.#reply(header, GeneralReplyResult.unsupported);
        return undefined;
    }
  }

  async #register(
    header: Jt808Header,
    message: Extract<Jt808Message, { kind: 'register' }>,
  ): Promise<void> {
    const outcome = await registerTerminal(this.#ctx.db, header.phone, message.register, {
      isAutoRegistration: this.#ctx.settings.isAutoRegistration,
    });
    jt808Registrations.inc({ result: String(outcome.result) });
    this.#send(header, {
      kind: 'registerReply',
      reply: { replySerial: header.serial, result: outcome.result, authCode: outcome.authCode },
    });
    jt808Replies.inc({ message: '0x8100', result: String(outcome.result) });
  }

  async #authenticate(header: Jt808Header, authCode: string): Promise<void> {
    const vehicle = await authenticateTerminal(this.#ctx.db, header.phone, authCode);
    if (vehicle === null) {
      jt808Authentications.inc({ outcome: 'failed' });
      this.#reply(header, GeneralReplyResult.fail);
      this.end();
      return;
    }
    jt808Authentications.inc({ outcome: 'ok' });
    this.#vehicle = vehicle;
    this.#phone = header.phone;
    this.socket.setTimeout(this.#ctx.settings.idleTimeoutSeconds * 1000);
    this.#ctx.onAuthenticated(this);
    this.#reply(header, GeneralReplyResult.ok);
  }

  #acceptLocations(header: Jt808Header, reports: LocationReport[], isBlindArea: boolean): void {
    const vehicle = this.#vehicle!;
    const nowMs = Date.now();
    const receivedAt = new Date(nowMs);
    const positions: VehiclePosition[] = [];
    positionsReceived.inc({ source: 'jt808' }, reports.length);
    for (const report of reports) {
      // Checked as the row it becomes (one object per position, not two).
      const position: VehiclePosition = {
        vehicleId: vehicle.id,
        recordedAt: report.time!,
        receivedAt,
        lat: report.latitude,
        lon: report.longitude,
        speedKmh: report.speedKmh,
        direction: report.direction,
        altitudeM: report.altitudeM,
        alarmBits: report.alarmBits,
        statusBits: report.statusBits,
        isBlindArea,
        source: 'jt808',
        extras: null,
        regionCode: vehicle.regionCode,
      };
      const problem = findPositionProblem(
        report.time === null ? { ...position, recordedAt: null } : position,
        nowMs,
        this.#ctx.settings,
      );
      if (problem !== null) {
        positionsRejected.inc({ source: 'jt808', reason: problem.reason });
        continue;
      }
      position.direction = normaliseDirection(report.direction);
      position.extras = extrasOf(report);
      positions.push(position);
    }
    // Answered once stored: a terminal that gets no answer re-sends, so nothing is lost.
    this.#ctx.pipeline.submit(vehicle, positions, (error) => {
      this.#reply(header, error === null ? GeneralReplyResult.ok : GeneralReplyResult.fail);
    });
  }

  #reply(header: Jt808Header, result: number): void {
    this.#send(header, {
      kind: 'platformGeneralReply',
      reply: { replySerial: header.serial, replyMessageId: header.messageId, result },
    });
    jt808Replies.inc({ message: '0x8001', result: String(result) });
  }

  #send(
    header: Jt808Header,
    message: Extract<Jt808Message, { kind: 'platformGeneralReply' | 'registerReply' }>,
  ): void {
    if (this.#isClosed || this.socket.writableEnded) return;
    const frame = encodeMessageFrame(
      {
        phone: header.phone,
        serial: this.#nextSerial(),
        version: header.version,
        protocolVersion: header.protocolVersion,
      },
      message,
    );
    this.#output.push(frame);
    this.#scheduleOutput();
  }

  #nextSerial(): number {
    const serial = this.#serial;
    this.#serial = (this.#serial + 1) & 0xffff;
    return serial;
  }

  #scheduleOutput(): void {
    if (this.#isOutputScheduled || this.#isClosed) return;
    this.#isOutputScheduled = true;
    // Replies of one turn of the event loop leave in one write.
    setImmediate(() => this.#writeOutput());
  }

  #writeOutput(): void {
    this.#isOutputScheduled = false;
    if (this.#isClosed) return;
    if (this.#output.length > 0) {
      const data = this.#output.length === 1 ? this.#output[0]! : Buffer.concat(this.#output);
      this.#output = [];
      if (!this.socket.write(data)) {
        if (this.socket.writableLength > MAX_QUEUED_OUTPUT_BYTES) {
          this.close('slow_reader');
          return;
        }
        this.#setPaused(PAUSE_WRITE, true);
      }
    }
    if (this.#isEnding) this.socket.end();
  }

  #setPaused(reason: number, isPaused: boolean): void {
    const before = this.#pauseReasons;
    this.#pauseReasons = isPaused ? before | reason : before & ~reason;
    if (this.#isClosed) return;
    if (before === 0 && this.#pauseReasons !== 0) this.socket.pause();
    else if (before !== 0 && this.#pauseReasons === 0) this.socket.resume();
  }

  #fail(error: unknown): void {
    this.#ctx.log.error({ err: error, terminal: this.#phone }, 'jt808 session failed');
    this.close('internal_error');
  }

  #onClose(): void {
    this.#isClosed = true;
    this.#output = [];
    this.#queue = [];
    this.#decoder.reset();
    this.#ctx.onClosed(this);
  }
}

/** The additional information worth keeping, as JSON (null when the report carried none). */
function extrasOf(report: LocationReport): Record<string, unknown> | null {
  const items = report.extras;
  let extras: Record<string, unknown> | null = null;
  for (const key in items) {
    if (key === 'others' || key === 'malformedTail') continue;
    const value = items[key as keyof typeof items];
    if (value !== undefined) (extras ??= {})[key] = value;
  }
  if (items.others.length > 0) {
    (extras ??= {}).others = items.others.map((item) => ({
      id: item.id,
      hex: Buffer.from(item.value).toString('hex'),
    }));
  }
  if (items.malformedTail !== undefined) {
    (extras ??= {}).malformedTail = Buffer.from(items.malformedTail).toString('hex');
  }
  return extras;
}
