// Fleets for measuring a platform rather than for showing it: every truck is still a real
// JT/T 808 terminal on its own TCP connection (register, authenticate, answers awaited), but
//  - a reporting fleet sends in a closed loop: each truck keeps `window` frames unanswered,
//    each a 0x0704 normal batch of `batchPositions` (0x0200 when 1), and sends the next as an
//    answer comes back, so what is measured is the platform's peak (as the HTTP benchmarks'
//    closed loop does). Motion advances `stepSeconds` per position, so the fence events and
//    violations per position are those of trucks reporting every `stepSeconds`;
//  - an idle fleet registers, authenticates and then only sends a heartbeat (0x0002) now and
//    then: what holding many connections costs.
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocationInput } from '@citygov/jt808';
import type { LatLon, Site } from './places.ts';
import { createRandom, type Random } from './random.ts';
import { emptyCounters, TerminalClient, type TerminalCounters } from './terminal-client.ts';
import { createRouteBook, TruckMotion, type ViolationRates } from './truck-motion.ts';

/** One truck of a load fleet: who it is and the approved route it drives back and forth. */
export interface LoadTruck {
  phone: string;
  plate: string;
  districtCode: string;
  terminalId: string;
  /** Construction site → disposal site; omitted for idle terminals. */
  route?: { from: Site; to: Site; path: LatLon[] };
}

export interface LoadFleetOptions {
  trucks: readonly LoadTruck[];
  host: string;
  port: number;
  /** Source addresses, used in turn (several lift the ~28,000 ports of one address). */
  localAddresses?: readonly string[];
  /** Terminals registering and authenticating at once while the fleet connects. */
  connectConcurrency?: number;
  seed?: number;
  /** Violations drawn per trip (default none). */
  rates?: ViolationRates;
}

export interface ReportingOptions {
  /** Positions per frame: 1 sends 0x0200, more send 0x0704 normal batches. */
  batchPositions: number;
  /** Frames each truck keeps unanswered. */
  window: number;
  /** Seconds of driving between two positions of a truck. */
  stepSeconds: number;
  /** Chance per position that a truck loses coverage (positions re-sent as 0x0704 type 1). */
  outageRate: number;
  /** Device time of the first positions (epoch ms); each truck's clock then runs on its own. */
  clockStartMs: number;
}

export interface FleetSnapshot extends TerminalCounters {
  online: number;
  unanswered: number;
  /** Milliseconds since the fleet was created (the clock the snapshots share). */
  atMs: number;
}

interface FleetMember {
  client: TerminalClient;
  motion: TruckMotion | null;
  random: Random;
  outageLeft: number;
  /** The device clock of the next position (epoch ms). */
  clockMs: number;
}

export class LoadFleet {
  readonly #members: FleetMember[];
  readonly #options: LoadFleetOptions;
  readonly #createdAt = Date.now();
  #reporting: ReportingOptions | null = null;
  #heartbeatTimer: NodeJS.Timeout | null = null;

  constructor(options: LoadFleetOptions) {
    this.#options = options;
    const addresses = options.localAddresses ?? [];
    this.#members = options.trucks.map((truck, i) => {
      const random = createRandom((options.seed ?? 808) * 7919 + i);
      const member: FleetMember = {
        client: null!,
        motion: null,
        random,
        outageLeft: 0,
        clockMs: 0,
      };
      member.client = new TerminalClient(
        {
          phone: truck.phone,
          plate: truck.plate,
          districtCode: truck.districtCode,
          terminalId: truck.terminalId,
          version: 2013,
        },
        options.host,
        options.port,
        {
          localAddress: addresses.length > 0 ? addresses[i % addresses.length] : undefined,
          onAnswer: () => this.#topUp(member),
        },
      );
      if (truck.route !== undefined) {
        const { from, to, path } = truck.route;
        member.motion = new TruckMotion(
          random,
          [from, to],
          options.rates ?? { overspeedRate: 0, coverOpenRate: 0, offRouteRate: 0 },
          createRouteBook([{ fromId: from.id, toId: to.id, path }]),
        );
      }
      return member;
    });
  }

  get size(): number {
    return this.#members.length;
  }

  /**
   * Connects every terminal, a few at a time (registration and authentication each wait for
   * the platform's database); resolves with how many are online when all are, or at `timeoutMs`.
   */
  async connect(timeoutMs: number, onProgress?: (online: number) => void): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    const concurrency = this.#options.connectConcurrency ?? 100;
    let next = 0;
    let lastProgressAt = Date.now();
    const worker = async () => {
      while (next < this.#members.length && Date.now() < deadline) {
        const member = this.#members[next++]!;
        member.client.start();
        await Promise.race([member.client.whenOnline(), sleep(Math.max(0, deadline - Date.now()))]);
        if (onProgress !== undefined && Date.now() - lastProgressAt >= 2000) {
          lastProgressAt = Date.now();
          onProgress(this.#online());
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return this.#online();
  }

  /** Starts the closed loop: every online truck fills its window. */
  startReporting(options: ReportingOptions): void {
    this.#reporting = options;
    for (const member of this.#members) {
      member.clockMs = options.clockStartMs + member.random.range(0, options.stepSeconds * 1000);
      this.#topUp(member);
    }
  }

  /** No new frames from now on; answers still owed keep arriving. */
  stopReporting(): void {
    this.#reporting = null;
  }

  /** A heartbeat from every terminal that sent nothing for `quietSeconds` (checked each second). */
  keepAlive(quietSeconds: number): void {
    if (this.#heartbeatTimer !== null) clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = setInterval(() => {
      const now = Date.now();
      for (const member of this.#members) member.client.keepAlive(now, quietSeconds * 1000);
    }, 1000);
  }

  /** Waits until every frame sent is answered, or `timeoutMs`; returns what is still owed. */
  async drain(timeoutMs: number): Promise<number> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until && this.#unanswered() > 0) await sleep(20);
    return this.#unanswered();
  }

  snapshot(): FleetSnapshot {
    const total = emptyCounters();
    for (const { client } of this.#members) {
      for (const key of Object.keys(total) as (keyof TerminalCounters)[]) {
        total[key] += client.counters[key];
      }
    }
    return {
      ...total,
      online: this.#online(),
      unanswered: this.#unanswered(),
      atMs: Date.now() - this.#createdAt,
    };
  }

  /** Hangs up every terminal. */
  close(): void {
    if (this.#heartbeatTimer !== null) clearInterval(this.#heartbeatTimer);
    this.#reporting = null;
    for (const { client } of this.#members) client.stop();
  }

  #online(): number {
    let n = 0;
    for (const { client } of this.#members) if (client.isOnline) n++;
    return n;
  }

  #unanswered(): number {
    let n = 0;
    for (const { client } of this.#members) n += client.unansweredCount;
    return n;
  }

  /** Sends frames until the truck's window is full. */
  #topUp(member: FleetMember): void {
    const reporting = this.#reporting;
    const { client, motion } = member;
    if (reporting === null || motion === null || !client.isOnline) return;
    // Bounded: frames kept in a blind area (or lost to a closing socket) are not awaited.
    for (let turn = 0; turn < reporting.window * 4; turn++) {
      if (client.unansweredFrames >= reporting.window || !client.isOnline) return;
      const locations: LocationInput[] = [];
      for (let i = 0; i < reporting.batchPositions; i++) {
        locations.push(this.#nextPosition(member, reporting));
      }
      if (locations.length === 1) client.report(locations[0]!);
      else client.reportBatch(locations);
      this.#updateCoverage(member, reporting);
    }
  }

  #nextPosition(member: FleetMember, reporting: ReportingOptions): LocationInput {
    const state = member.motion!.step(reporting.stepSeconds);
    const time = new Date(Math.min(member.clockMs, Date.now()));
    member.clockMs += reporting.stepSeconds * 1000;
    return {
      alarmBits: state.alarmBits,
      statusBits: state.statusBits,
      latitude: state.lat,
      longitude: state.lon,
      altitudeM: 200 + member.random.int(150),
      speedKmh: state.speedKmh,
      direction: state.direction,
      time,
      extras: { mileageKm: state.mileageKm, satellites: 8 + member.random.int(9) },
    };
  }

  /** Blind areas: lose coverage now and then, regain it a few frames later. */
  #updateCoverage(member: FleetMember, reporting: ReportingOptions): void {
    if (member.outageLeft > 0) {
      if (--member.outageLeft === 0) member.client.regainCoverage();
      return;
    }
    if (member.random.chance(reporting.outageRate * reporting.batchPositions)) {
      member.outageLeft = 1 + member.random.int(3);
      member.client.loseCoverage();
    }
  }
}
