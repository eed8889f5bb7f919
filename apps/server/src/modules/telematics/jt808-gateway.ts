// The JT/T 808 TCP gateway: accepts terminal connections, one TerminalSession each; stops
// reading every socket while storage is behind; closes a terminal's older connection when it
// authenticates again.
import net, { type AddressInfo } from 'node:net';
import type { Db } from '../../platform/db/database.ts';
import type { PositionPipeline } from './position-pipeline.ts';
import type { TelematicsSettings } from './settings.ts';
import { gaugeSources, jt808Closed, jt808Connections } from './telematics-metrics.ts';
import { TerminalSession, type SessionLog } from './terminal-session.ts';

export interface Jt808GatewayOptions {
  db: Db;
  pipeline: PositionPipeline;
  settings: TelematicsSettings;
  log: SessionLog;
  host: string;
  port: number;
}

const SWEEP_MS = 5000;
const CLOSE_GRACE_MS = 2000;

export class Jt808Gateway {
  readonly #options: Jt808GatewayOptions;
  readonly #server: net.Server;
  readonly #sessions = new Set<TerminalSession>();
  readonly #byPhone = new Map<string, TerminalSession>();
  #sweepTimer: NodeJS.Timeout | null = null;
  #removePressureListener: (() => void) | null = null;
  readonly #readConnections = () => this.#sessions.size;

  constructor(options: Jt808GatewayOptions) {
    this.#options = options;
    this.#server = net.createServer((socket) => this.#accept(socket));
    this.#server.maxConnections = options.settings.maxConnections;
    this.#server.on('drop', () => jt808Closed.inc({ reason: 'max_connections' }));
  }

  get connectionCount(): number {
    return this.#sessions.size;
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free one). */
  async start(): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#options.port, this.#options.host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    this.#server.on('error', (error) => this.#options.log.error({ err: error }, 'jt808 server'));
    this.#removePressureListener = this.#options.pipeline.onPressure((isOverloaded) => {
      for (const session of this.#sessions) session.setStoragePressure(isOverloaded);
    });
    this.#sweepTimer = setInterval(() => {
      const now = Date.now();
      for (const session of this.#sessions) session.sweep(now);
    }, SWEEP_MS);
    this.#sweepTimer.unref();
    gaugeSources.connections.add(this.#readConnections);
    const address = this.#server.address() as AddressInfo;
    this.#options.log.info({ address }, 'JT/T 808 gateway listening');
    return address;
  }

  /**
   * Stops accepting, stops reading, waits until what was read is stored (so its answers go
   * out), then ends every connection.
   */
  async stop(): Promise<void> {
    if (this.#sweepTimer !== null) clearInterval(this.#sweepTimer);
    this.#removePressureListener?.();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const session of this.#sessions) session.stopReading();
    await this.#options.pipeline.flush();
    // Answers are written on the next turn of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    for (const session of this.#sessions) session.end();
    const grace = setTimeout(() => {
      for (const session of this.#sessions) session.close('shutdown');
    }, CLOSE_GRACE_MS);
    await closed;
    clearTimeout(grace);
    gaugeSources.connections.delete(this.#readConnections);
  }

  #accept(socket: net.Socket): void {
    jt808Connections.inc();
    const session = new TerminalSession(socket, {
      db: this.#options.db,
      pipeline: this.#options.pipeline,
      settings: this.#options.settings,
      log: this.#options.log,
      onAuthenticated: (authenticated) => this.#onAuthenticated(authenticated),
      onClosed: (closed) => this.#onClosed(closed),
    });
    this.#sessions.add(session);
  }

  #onAuthenticated(session: TerminalSession): void {
    const phone = session.phone!;
    const older = this.#byPhone.get(phone);
    if (older !== undefined && older !== session) older.close('replaced');
    this.#byPhone.set(phone, session);
  }

  #onClosed(session: TerminalSession): void {
    this.#sessions.delete(session);
    const phone = session.phone;
    if (phone !== null && this.#byPhone.get(phone) === session) this.#byPhone.delete(phone);
  }
}
