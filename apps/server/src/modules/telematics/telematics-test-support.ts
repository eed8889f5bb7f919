// Test support for the telematics module: vehicles in the database, a scriptable JT/T 808
// terminal over real TCP, and the app with its gateway on an ephemeral port.
import net from 'node:net';
import {
  decodeMessage,
  encodeMessage,
  encodeMessageFrame,
  Jt808StreamDecoder,
  type Jt808Header,
  type Jt808Message,
  type Jt808MessageInput,
  type Jt808Version,
  type LocationInput,
} from '@citygov/jt808';
import { startTestApp, type TestApp } from '../../test-support/harness.ts';
import type { Db } from '../../platform/db/database.ts';
import { startTelematics, type TelematicsRuntime } from './runtime.ts';
import type { TelematicsSettings } from './settings.ts';

export interface TestVehicleSpec {
  plate: string;
  terminalPhone: string;
  regionCode?: string;
  company?: string | null;
  status?: 'active' | 'suspended' | 'retired';
}

export async function insertVehicle(db: Db, spec: TestVehicleSpec): Promise<number> {
  const { id } = await db
    .insertInto('vehicles')
    .values({
      plate: spec.plate,
      terminal_phone: spec.terminalPhone,
      region_code: spec.regionCode ?? '500103',
      company: spec.company ?? null,
      status: spec.status ?? 'active',
      auth_code_hash: null,
      manufacturer_id: null,
      terminal_model: null,
      terminal_id: null,
      vin: null,
      registered_at: null,
      authenticated_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface ReceivedMessage {
  header: Jt808Header;
  message: Jt808Message;
}

/** A terminal under the test's control: send any frame, wait for the platform's answers. */
export class TestTerminal {
  readonly phone: string;
  readonly version: Jt808Version;
  readonly socket: net.Socket;
  readonly received: ReceivedMessage[] = [];
  readonly closed: Promise<void>;
  #serial = 0;
  #waiters: Array<() => void> = [];
  readonly #decoder = new Jt808StreamDecoder();

  private constructor(socket: net.Socket, phone: string, version: Jt808Version) {
    this.socket = socket;
    this.phone = phone;
    this.version = version;
    socket.on('data', (chunk: Buffer) => {
      for (const result of this.#decoder.push(chunk)) {
        if (result.type !== 'packet') continue;
        const decoded = decodeMessage(result.packet);
        if (decoded.type === 'message') {
          this.received.push({ header: decoded.header, message: decoded.message });
        }
      }
      this.#wake();
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => this.#wake());
  }

  static async connect(port: number, phone: string, version: Jt808Version = 2013) {
    const socket = net.createConnection({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new TestTerminal(socket, phone, version);
  }

  get isClosed(): boolean {
    return this.socket.destroyed || this.socket.readyState === 'closed';
  }

  /** Sends a message (split into sub-packages when large); returns the serial of its last frame. */
  send(message: Jt808MessageInput): number {
    const frames = encodeMessage(
      { phone: this.phone, serial: this.#serial, version: this.version },
      message,
    );
    this.#serial = (this.#serial + frames.length) & 0xffff;
    this.socket.write(Buffer.concat(frames));
    return (this.#serial - 1) & 0xffff;
  }

  /** A frame for this terminal, not sent (to corrupt it first). */
  frame(message: Jt808MessageInput): { frame: Buffer; serial: number } {
    const serial = this.#serial;
    this.#serial = (serial + 1) & 0xffff;
    return {
      frame: encodeMessageFrame({ phone: this.phone, serial, version: this.version }, message),
      serial,
    };
  }

  writeRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** The first received message (oldest first) that matches, waiting up to timeoutMs. */
  async expect(
    matches: (received: ReceivedMessage) => boolean,
    timeoutMs = 5000,
  ): Promise<ReceivedMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex(matches);
      if (index !== -1) return this.received.splice(index, 1)[0]!;
      if (this.isClosed) throw new Error('the connection closed before the expected message');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no matching message in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The 0x8001 answer to the message sent with `serial`. */
  async replyTo(serial: number, timeoutMs = 5000) {
    const { message } = await this.expect(
      (r) => r.message.kind === 'platformGeneralReply' && r.message.reply.replySerial === serial,
      timeoutMs,
    );
    if (message.kind !== 'platformGeneralReply') throw new Error('unreachable');
    return message.reply;
  }

  /** Registers (0x0100) and authenticates (0x0102); returns the auth code. */
  async logIn(plate: string): Promise<string> {
    const serial = this.send({
      kind: 'register',
      register: {
        provinceId: 50,
        cityId: 103,
        manufacturerId: 'TEST',
        terminalModel: 'T-808',
        terminalId: 'T000001',
        plateColor: 2,
        plate,
        vin: null,
      },
    });
    const { message } = await this.expect(
      (r) => r.message.kind === 'registerReply' && r.message.reply.replySerial === serial,
    );
    if (message.kind !== 'registerReply' || message.reply.authCode === null) {
      throw new Error(`registration refused: ${JSON.stringify(message)}`);
    }
    const authCode = message.reply.authCode;
    const reply = await this.replyTo(
      this.send({
        kind: 'authenticate',
        authentication: { authCode, imei: null, softwareVersion: null },
      }),
    );
    if (reply.result !== 0) throw new Error(`authentication refused: ${reply.result}`);
    return authCode;
  }

  close(): void {
    this.socket.destroy();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

/** A position `secondsAgo` before now (whole seconds: BCD time has no fraction). */
export function locationAgo(
  secondsAgo: number,
  overrides: Partial<LocationInput> = {},
): LocationInput & { time: Date } {
  const time = new Date(Math.floor(Date.now() / 1000 - secondsAgo) * 1000);
  return {
    latitude: 29.556123,
    longitude: 106.568456,
    speedKmh: 32.5,
    direction: 90,
    altitudeM: 240,
    statusBits: 0b11,
    alarmBits: 0,
    ...overrides,
    time: overrides.time ?? time,
  };
}

export interface GatewayTestApp extends TestApp {
  runtime: TelematicsRuntime;
  port: number;
}

/** The app over a fresh database with its gateway on an ephemeral port of 127.0.0.1. */
export async function startGatewayTestApp(
  kind: 'pglite' | 'postgres',
  settings: Partial<TelematicsSettings> = {},
): Promise<GatewayTestApp> {
  const testApp = await startTestApp(kind);
  const runtime = await startTelematics(testApp.app, testApp.ctx, {
    isGatewayEnabled: true,
    port: 0,
    settings: { jt808Host: '127.0.0.1', isAutoRegistration: false, ...settings },
  });
  return {
    ...testApp,
    runtime,
    port: runtime.gatewayAddress!.port,
    async close() {
      await runtime.stop();
      await testApp.close();
    },
  };
}

/** Rows of vehicle_positions for a vehicle, by device time. */
export async function storedPositions(db: Db, vehicleId: number) {
  return db
    .selectFrom('vehicle_positions')
    .selectAll()
    .where('vehicle_id', '=', vehicleId)
    .orderBy('recorded_at')
    .execute();
}
