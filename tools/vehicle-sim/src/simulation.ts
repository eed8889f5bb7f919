// A fleet of simulated trucks: each a TCP JT/T 808 terminal driving synthetic trips. One
// ticker drives them all (a timer per truck would not scale to thousands of trucks).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Jt808Version } from '@citygov/jt808';
import { centralDistricts, generateSites } from './places.ts';
import { createRandom, type Random } from './random.ts';
import { emptyCounters, TerminalClient, type TerminalCounters } from './terminal-client.ts';
import type { ServerPlaces } from './server-places.ts';
import { TruckMotion, type ViolationRates } from './truck-motion.ts';

export interface SimulationOptions extends ViolationRates {
  trucks: number;
  host: string;
  port: number;
  /** Seconds between positions of one truck (fractions allowed for load tests). */
  intervalSeconds: number;
  /** How long to report; omitted: until `signal` aborts. */
  durationSeconds?: number;
  /** Device clocks report night hours (22:00 onwards, Beijing time) instead of now. */
  isNight: boolean;
  /** Chance per position that a truck enters a blind area (no signal). */
  outageRate: number;
  /** Positions a blind area lasts, at least and at most. */
  outagePositions: readonly [number, number];
  /** Heartbeat (0x0002) when a truck sent nothing for this long. */
  heartbeatSeconds: number;
  version: Jt808Version;
  seed: number;
  /** Terminal phone of truck 0; truck i uses phoneBase + i. */
  phoneBase: number;
  /** Connections are opened over this long, not all at once. */
  rampSeconds: number;
  /** After reporting stops, how long to wait for the platform's answers. */
  drainSeconds: number;
  /**
   * Start the clock (and the positions) only once every truck is online, so a measurement is
   * not of registrations; gives up waiting after this many seconds. 0: start at once.
   */
  fleetWaitSeconds: number;
  /**
   * Sites, routes and truck identities read from a server (loadServerPlaces): trucks drive the
   * approved routes and truck i reports as the i-th registered truck. Omitted: sites generated
   * around the districts, plates and phones from phoneBase.
   */
  places?: ServerPlaces;
  signal?: AbortSignal;
  /** Called about once a second with the running totals. */
  onProgress?: (progress: SimulationProgress) => void;
}

export interface SimulationProgress extends TerminalCounters {
  elapsedSeconds: number;
  online: number;
}

export interface SimulationResult extends TerminalCounters {
  trucks: number;
  /** Trucks authenticated at the end of the reporting period. */
  online: number;
  /** Positions sent and never answered (connection lost, or the drain ran out). */
  unanswered: number;
  /** The reporting period, seconds: from the start, or from when the fleet was online. */
  reportingSeconds: number;
  /** Acknowledged positions per second over the reporting period. */
  ackedPerSecond: number;
  /** Seconds until every truck was online (with fleetWaitSeconds), else null. */
  fleetOnlineSeconds: number | null;
}

export const defaultSimulationOptions: Omit<SimulationOptions, 'trucks' | 'host' | 'port'> = {
  intervalSeconds: 10,
  overspeedRate: 0.05,
  coverOpenRate: 0.03,
  offRouteRate: 0.03,
  isNight: false,
  outageRate: 0.002,
  outagePositions: [3, 15],
  heartbeatSeconds: 30,
  version: 2013,
  seed: 808,
  phoneBase: 13_900_000_000,
  rampSeconds: 2,
  drainSeconds: 5,
  fleetWaitSeconds: 0,
};

const TICK_MS = 10;
// A truck far behind its schedule (the platform pushing back) skips ahead rather than bursting.
const MAX_CATCH_UP = 50;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

interface SimulatedTruck {
  client: TerminalClient;
  motion: TruckMotion;
  random: Random;
  nextDueMs: number;
  lastStepMs: number;
  outageLeft: number;
}

/** A plate per truck: 渝 + district letter + five characters, unique for any fleet size. */
export function plateOf(index: number): string {
  const letter = 'ABDG'[index % 4]!;
  const serial = Math.floor(index / 4)
    .toString(36)
    .toUpperCase()
    .padStart(5, '0');
  return `渝${letter}${serial}`;
}

/** The most recent 22:00 Beijing time at or before `nowMs`. */
export function lastNightStartMs(nowMs: number): number {
  const beijing = nowMs + BEIJING_OFFSET_MS;
  const dayStart = beijing - (beijing % 86_400_000);
  let start = dayStart + 22 * 3_600_000;
  if (start > beijing) start -= 86_400_000;
  return start - BEIJING_OFFSET_MS;
}

/** Runs the fleet and returns what it sent and what the platform acknowledged. */
export async function runSimulation(
  input: Partial<SimulationOptions> & Pick<SimulationOptions, 'trucks' | 'host' | 'port'>,
): Promise<SimulationResult> {
  const options: SimulationOptions = { ...defaultSimulationOptions, ...input };
  const fleetRandom = createRandom(options.seed);
  const sites = options.places?.sites ?? generateSites(fleetRandom);
  const registered = options.places?.trucks ?? [];
  const clockOffsetMs = options.isNight ? lastNightStartMs(Date.now()) - Date.now() : 0;
  const intervalMs = options.intervalSeconds * 1000;
  const trucks: SimulatedTruck[] = [];
  for (let i = 0; i < options.trucks; i++) {
    const random = createRandom(options.seed * 7919 + i);
    const district = centralDistricts[i % centralDistricts.length]!;
    const identity = registered[i];
    const client = new TerminalClient(
      {
        phone: identity?.terminalPhone ?? String(options.phoneBase + i),
        plate: identity?.plate ?? plateOf(i),
        districtCode: identity?.regionCode.slice(0, 6) ?? district.code,
        terminalId: `S${String(i).padStart(6, '0')}`.slice(-7),
        version: options.version,
      },
      options.host,
      options.port,
    );
    trucks.push({
      client,
      motion: new TruckMotion(random, sites, options, options.places?.routes ?? null),
      random,
      nextDueMs: 0,
      lastStepMs: 0,
      outageLeft: 0,
    });
  }

  // Connections spread over the ramp.
  const rampMs = options.rampSeconds * 1000;
  const rampStartedAt = Date.now();
  trucks.forEach((truck, i) => {
    const openAt = options.trucks > 1 ? (rampMs * i) / (options.trucks - 1) : 0;
    truck.nextDueMs = rampStartedAt + openAt + truck.random.range(0, intervalMs);
    setTimeout(() => truck.client.start(), openAt).unref();
  });
  let fleetOnlineSeconds: number | null = null;
  if (options.fleetWaitSeconds > 0) {
    const online = Promise.all(trucks.map((truck) => truck.client.whenOnline()));
    const gaveUp = sleep(options.fleetWaitSeconds * 1000, 'timeout' as const);
    if ((await Promise.race([online, gaveUp])) !== 'timeout') {
      fleetOnlineSeconds = (Date.now() - rampStartedAt) / 1000;
    }
    // Each truck's first position a random part of an interval from now.
    const now = Date.now();
    for (const truck of trucks) truck.nextDueMs = now + truck.random.range(0, intervalMs);
  }
  for (const truck of trucks) truck.lastStepMs = truck.nextDueMs;
  const startedAt = Date.now();

  const endAt =
    options.durationSeconds === undefined ? Infinity : startedAt + options.durationSeconds * 1000;
  let lastProgressAt = startedAt;
  const quietMs = options.heartbeatSeconds * 1000;
  const counters = () => sumCounters(trucks.map((truck) => truck.client.counters));
  const online = () => trucks.filter((truck) => truck.client.isOnline).length;

  while (!options.signal?.aborted) {
    const now = Date.now();
    if (now >= endAt) break;
    for (const truck of trucks) tickTruck(truck, now, intervalMs, clockOffsetMs, options);
    for (const truck of trucks) truck.client.keepAlive(now, quietMs);
    if (options.onProgress !== undefined && now - lastProgressAt >= 1000) {
      lastProgressAt = now;
      options.onProgress({
        ...counters(),
        elapsedSeconds: (now - startedAt) / 1000,
        online: online(),
      });
    }
    await sleep(TICK_MS);
  }
  const reportingSeconds = (Date.now() - startedAt) / 1000;
  const onlineAtEnd = online();

  // Wait for the answers still owed, then hang up.
  const drainUntil = Date.now() + options.drainSeconds * 1000;
  while (Date.now() < drainUntil && trucks.some((truck) => truck.client.unansweredCount > 0)) {
    await sleep(20);
  }
  const unanswered = trucks.reduce((n, truck) => n + truck.client.unansweredCount, 0);
  for (const truck of trucks) truck.client.stop();
  const totals = counters();
  return {
    ...totals,
    trucks: options.trucks,
    online: onlineAtEnd,
    unanswered,
    reportingSeconds,
    ackedPerSecond: totals.positionsAcked / reportingSeconds,
    fleetOnlineSeconds,
  };
}

function tickTruck(
  truck: SimulatedTruck,
  now: number,
  intervalMs: number,
  clockOffsetMs: number,
  options: SimulationOptions,
): void {
  if (truck.nextDueMs > now) return;
  // Behind schedule (platform pushing back, or a slow machine): skip the missed reports.
  if (now - truck.nextDueMs > MAX_CATCH_UP * intervalMs) {
    truck.nextDueMs = now;
  }
  while (truck.nextDueMs <= now) {
    // A connected terminal whose socket is full waits; one that is offline keeps positions.
    if (truck.client.isOnline && !truck.client.isWritable && truck.outageLeft === 0) return;
    const dueMs = truck.nextDueMs;
    const state = truck.motion.step(Math.max(0, (dueMs - truck.lastStepMs) / 1000));
    truck.lastStepMs = dueMs;
    truck.nextDueMs += intervalMs;
    if (truck.outageLeft === 0 && truck.random.chance(options.outageRate)) {
      truck.outageLeft =
        options.outagePositions[0] +
        truck.random.int(options.outagePositions[1] - options.outagePositions[0] + 1);
      truck.client.loseCoverage();
    }
    truck.client.report({
      alarmBits: state.alarmBits,
      statusBits: state.statusBits,
      latitude: state.lat,
      longitude: state.lon,
      altitudeM: 200 + truck.random.int(150),
      speedKmh: state.speedKmh,
      direction: state.direction,
      time: new Date(dueMs + clockOffsetMs),
      extras: {
        mileageKm: state.mileageKm,
        signalStrength: 20 + truck.random.int(11),
        satellites: 8 + truck.random.int(9),
      },
    });
    if (truck.outageLeft > 0 && --truck.outageLeft === 0) truck.client.regainCoverage();
  }
}

function sumCounters(all: TerminalCounters[]): TerminalCounters {
  const total = emptyCounters();
  for (const counters of all) {
    for (const key of Object.keys(total) as (keyof TerminalCounters)[]) total[key] += counters[key];
  }
  return total;
}
