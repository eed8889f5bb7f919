// The vehicle position path of issue 6, end to end: 1,000 simulated trucks speaking JT/T 808
// over TCP from their own process → the server's gateway (decode, checks) → the waste
// monitoring's fence and rule checks (10,000 fences, 1,000 route corridors, a manifest per
// truck) → batched storage on PostgreSQL, each frame acknowledged once its positions are
// stored. Counts sent, acknowledged and stored must agree. Then the cost of holding ~20,000
// idle terminals (registered, authenticated, a heartbeat now and then) in server memory.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FleetSnapshot, LoadRequest, LoadTruck } from '../../tools/vehicle-sim/src/index.ts';
import { distanceM, plateOf } from '../../tools/vehicle-sim/src/index.ts';
import { loadConfig } from '../../apps/server/src/platform/config.ts';
import { openPlatform } from '../../apps/server/src/platform/bootstrap.ts';
import type { Db } from '../../apps/server/src/platform/db/database.ts';
import {
  busyShare,
  cpuSecondsBetween,
  readProcessCpuSeconds,
  sampleMachineCpu,
} from '../lib/cpu.ts';
import { repoRoot } from '../lib/paths.ts';
import {
  dropDatabase,
  listBackendPids,
  recreateDatabase,
  runAdminSql,
} from '../lib/postgres-admin.ts';
import type { ScenarioOutcome } from '../lib/report.ts';
import type { Scenario, ScenarioContext } from '../lib/scenario.ts';
import { seedBenchCity } from '../lib/seed-city.ts';
import {
  buildServerEnv,
  findFreePort,
  generateDataKey,
  startServerProcess,
  type ServerProcess,
} from '../lib/server-process.ts';
import { snapshotProcessesCpu } from '../lib/cpu.ts';

const DATABASE = 'citygov_bench_telematics';
const TRUCKS = 1_000;
const FENCES = 10_000;
const DISPOSAL_EVERY = 10; // every tenth fence is a disposal site
const TRUCK_PHONE_BASE = 13_900_000_000;
const IDLE_PHONE_BASE = 13_700_000_000;
const IDLE_GOAL = 20_000;
/** File descriptors the server needs beside its terminals (database pool, listeners, stdio). */
const SERVER_SPARE_FDS = 150;
const IDLE_PER_PROCESS = 10_000;
const GOAL_PER_SECOND = 50_000;
const REGION = '500103';

/** How the trucks report: 0x0704 batches of 20 positions, 4 frames in flight per truck. */
const reporting = {
  batchPositions: Number(process.env.BENCH_TELEMATICS_BATCH ?? 20),
  window: Number(process.env.BENCH_TELEMATICS_WINDOW ?? 4),
  stepSeconds: 10,
  outageRate: 0.0005,
};

/** Violations per trip, as in the waste-rules scenario. */
const rates = {
  overspeedRate: 0.05,
  coverOpenRate: 0.03,
  offRouteRate: 0.03,
  dumpingRate: 0.01,
};

interface SeededSite {
  id: number;
  lat: number;
  lon: number;
}

interface Seeded {
  trucks: LoadTruck[];
  idleTerminals: number;
}

// ---- seeding ----

function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function fenceAround(lon: number, lat: number, radiusDeg: number, next: () => number) {
  const ring: Array<[number, number]> = [];
  for (let k = 0; k < 8; k++) {
    const a = (k / 8) * 2 * Math.PI;
    const r = radiusDeg * (0.7 + 0.3 * next());
    ring.push([lon + r * Math.cos(a), lat + r * Math.sin(a) * 0.9]);
  }
  ring.push(ring[0]!);
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return {
    fence: JSON.stringify({ type: 'Polygon', coordinates: [ring] }),
    min_lon: Math.min(...lons),
    max_lon: Math.max(...lons),
    min_lat: Math.min(...lats),
    max_lat: Math.max(...lats),
  };
}

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
}

/**
 * 9,000 construction sites and 1,000 disposal sites with fences over central Chongqing, a
 * route from a site to a nearby disposal site per truck, 1,000 trucks (vehicle, waste truck,
 * driver, approval, a manifest in transit on the route), and the idle terminals' vehicles.
 */
async function seedFleet(db: Db, idleTerminals: number): Promise<Seeded> {
  const next = random(2026);
  const construction: Array<Record<string, unknown>> = [];
  const disposal: Array<Record<string, unknown>> = [];
  for (let i = 0; i < FENCES; i++) {
    const lon = 106.25 + next() * 0.6;
    const lat = 29.35 + next() * 0.5;
    const isDisposal = i % DISPOSAL_EVERY === 0;
    const shape = fenceAround(lon, lat, isDisposal ? 0.004 : 0.0015, next);
    const common = { region_code: REGION, lat, lon, address: null, ...shape };
    if (isDisposal) {
      disposal.push({
        ...common,
        name: `消纳场 ${disposal.length + 1}`,
        kind: 'landfill',
        operator_name: null,
        capacity_m3: 1_000_000,
        daily_capacity_m3: null,
      });
    } else {
      construction.push({
        ...common,
        name: `工地 ${construction.length + 1}`,
        project_code: null,
        developer: null,
        contractor: null,
      });
    }
  }
  const sites: SeededSite[] = [];
  const disposals: SeededSite[] = [];
  await insertChunked(construction, async (chunk) => {
    const rows = await db
      .insertInto('waste_construction_sites')
      .values(chunk as never)
      .returning(['id', 'lat', 'lon'])
      .execute();
    sites.push(...rows);
  });
  await insertChunked(disposal, async (chunk) => {
    const rows = await db
      .insertInto('waste_disposal_sites')
      .values(chunk as never)
      .returning(['id', 'lat', 'lon'])
      .execute();
    disposals.push(...rows);
  });

  const companies = await db
    .insertInto('waste_companies')
    .values(
      Array.from({ length: 50 }, (_, i) => ({
        region_code: REGION,
        name: `渣土运输公司 ${i + 1}`,
        uscc: `91500103MA5B${String(i).padStart(6, '0')}`,
      })),
    )
    .returning('id')
    .execute();

  // Routes: from a construction site to the nearest of a sample of disposal sites, bending once.
  const routes: Array<{
    from: SeededSite;
    to: SeededSite;
    path: Array<{ lat: number; lon: number }>;
  }> = [];
  for (let t = 0; t < TRUCKS; t++) {
    const from = sites[(t * 7) % sites.length]!;
    let to = disposals[0]!;
    let best = Infinity;
    for (let k = 0; k < 40; k++) {
      const candidate = disposals[(t * 13 + k * 17) % disposals.length]!;
      const d = (candidate.lat - from.lat) ** 2 + (candidate.lon - from.lon) ** 2;
      if (d < best) [to, best] = [candidate, d];
    }
    const middle = { lat: (from.lat + to.lat) / 2 + 0.003, lon: (from.lon + to.lon) / 2 };
    routes.push({ from, to, path: [from, middle, to].map(({ lat, lon }) => ({ lat, lon })) });
  }
  const routeIds: number[] = [];
  await insertChunked(routes, async (chunk) => {
    const rows = await db
      .insertInto('waste_routes')
      .values(
        chunk.map((r, i) => {
          const lats = r.path.map((p) => p.lat);
          const lons = r.path.map((p) => p.lon);
          return {
            region_code: REGION,
            name: `路线 ${routeIds.length + i + 1}`,
            construction_site_id: r.from.id,
            disposal_site_id: r.to.id,
            path: JSON.stringify({
              type: 'LineString',
              coordinates: r.path.map((p) => [p.lon, p.lat]),
            }),
            corridor_m: 150,
            length_m: Math.round(
              distanceM(r.path[0]!, r.path[1]!) + distanceM(r.path[1]!, r.path[2]!),
            ),
            min_lat: Math.min(...lats),
            max_lat: Math.max(...lats),
            min_lon: Math.min(...lons),
            max_lon: Math.max(...lons),
          };
        }),
      )
      .returning('id')
      .execute();
    routeIds.push(...rows.map((r) => r.id));
  });

  // Telematics vehicles: the trucks, then the idle terminals (not waste trucks).
  const vehicleRows = [
    ...Array.from({ length: TRUCKS }, (_, i) => ({
      plate: plateOf(i),
      terminal_phone: String(TRUCK_PHONE_BASE + i),
      region_code: REGION,
    })),
    ...Array.from({ length: idleTerminals }, (_, i) => ({
      plate: `渝C${i.toString(36).toUpperCase().padStart(5, '0')}`,
      terminal_phone: String(IDLE_PHONE_BASE + i),
      region_code: REGION,
    })),
  ];
  const vehicleIds: number[] = [];
  await insertChunked(vehicleRows, async (chunk) => {
    const rows = await db.insertInto('vehicles').values(chunk).returning('id').execute();
    vehicleIds.push(...rows.map((r) => r.id));
  });

  const companyOf = (t: number) => companies[t % companies.length]!.id;
  const truckIds: number[] = [];
  const driverIds: number[] = [];
  const approvalIds: number[] = [];
  const trucks = Array.from({ length: TRUCKS }, (_, t) => t);
  await insertChunked(trucks, async (chunk) => {
    const rows = await db
      .insertInto('waste_trucks')
      .values(
        chunk.map((t) => ({
          region_code: REGION,
          company_id: companyOf(t),
          plate: plateOf(t),
          terminal_phone: String(TRUCK_PHONE_BASE + t),
          terminal_id: null,
          vehicle_id: vehicleIds[t]!,
          capacity_m3: 18,
        })),
      )
      .returning('id')
      .execute();
    truckIds.push(...rows.map((r) => r.id));
    const drivers = await db
      .insertInto('waste_drivers')
      .values(
        chunk.map((t) => ({
          region_code: REGION,
          company_id: companyOf(t),
          user_id: null,
          name: `司机 ${t + 1}`,
          id_number_enc: 'bench',
          id_number_hash: `bench-${t}`,
          id_number_hint: '5001**********0000',
          phone_enc: null,
          phone_hash: null,
          phone_hint: null,
        })),
      )
      .returning('id')
      .execute();
    driverIds.push(...drivers.map((r) => r.id));
  });
  const today = new Date().toISOString().slice(0, 10);
  const nextYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  await insertChunked(trucks, async (chunk) => {
    const rows = await db
      .insertInto('waste_approvals')
      .values(
        chunk.map((t) => ({
          region_code: REGION,
          approval_no: `渝中核准-BENCH-${t + 1}`,
          construction_site_id: routes[t]!.from.id,
          waste_types: ['muck'],
          permitted_volume_m3: 1_000_000,
          valid_from: today,
          valid_to: nextYear,
        })) as never,
      )
      .returning('id')
      .execute();
    approvalIds.push(...rows.map((r) => r.id));
  });
  await insertChunked(trucks, async (chunk) => {
    await db
      .insertInto('waste_approval_companies')
      .values(
        chunk.map((t) => ({
          approval_id: approvalIds[t]!,
          company_id: companyOf(t),
          region_code: REGION,
        })),
      )
      .execute();
    await db
      .insertInto('waste_approval_disposal_sites')
      .values(
        chunk.map((t) => ({
          approval_id: approvalIds[t]!,
          disposal_site_id: routes[t]!.to.id,
          region_code: REGION,
        })),
      )
      .execute();
    await db
      .insertInto('waste_approval_routes')
      .values(
        chunk.map((t) => ({
          approval_id: approvalIds[t]!,
          route_id: routeIds[t]!,
          region_code: REGION,
        })),
      )
      .execute();
    const now = new Date();
    await db
      .insertInto('waste_manifests')
      .values(
        chunk.map((t) => ({
          region_code: REGION,
          manifest_no: `500103-BENCH-${String(t + 1).padStart(4, '0')}`,
          approval_id: approvalIds[t]!,
          construction_site_id: routes[t]!.from.id,
          company_id: companyOf(t),
          truck_id: truckIds[t]!,
          driver_id: driverIds[t]!,
          disposal_site_id: routes[t]!.to.id,
          destination_site_id: routes[t]!.to.id,
          route_id: routeIds[t]!,
          waste_type: 'muck',
          declared_volume_m3: 16,
          planned_date: today,
          status: 'in_transit',
          departed_at: now,
          picked_up_at: now,
        })) as never,
      )
      .execute();
  });

  const site = (kind: 'construction' | 'disposal', s: SeededSite) => ({
    id: `${kind === 'construction' ? 'C' : 'D'}${s.id}`,
    kind,
    districtCode: REGION,
    lat: s.lat,
    lon: s.lon,
  });
  return {
    trucks: routes.map((r, t) => ({
      phone: String(TRUCK_PHONE_BASE + t),
      plate: plateOf(t),
      districtCode: REGION,
      terminalId: `S${String(t).padStart(6, '0')}`.slice(-7),
      route: { from: site('construction', r.from), to: site('disposal', r.to), path: r.path },
    })),
    idleTerminals,
  };
}

// ---- the load processes ----

interface LoadProcess {
  child: ChildProcess;
  call<T>(request: LoadRequest, timeoutMs?: number): Promise<T>;
  cpuSeconds(): number | null;
  stop(): Promise<void>;
}

const loadChild = path.join(repoRoot, 'tools/vehicle-sim/src/load-child.ts');

function startLoadProcess(): LoadProcess {
  // BENCH_LOAD_NODE_ARGS: flags for the simulator's Node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
  const execArgv = (process.env.BENCH_LOAD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = fork(loadChild, [], {
    execArgv,
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const entry = waiting.get(message.id);
    if (entry === undefined) return;
    waiting.delete(message.id);
    if (message.error !== undefined) entry.reject(new Error(message.error));
    else entry.resolve(message.result);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', (code) => {
    for (const entry of waiting.values())
      entry.reject(new Error(`the load process exited (${code})`));
    waiting.clear();
  });
  return {
    child,
    call<T>(request: LoadRequest, timeoutMs = 600_000) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`load process: ${request.op} timed out`)),
          timeoutMs,
        );
        waiting.set(id, {
          resolve: (v) => {
            clearTimeout(timer);
            resolve(v as T);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
        child.send({ id, ...request });
      });
    },
    cpuSeconds: () => readProcessCpuSeconds(child.pid!),
    async stop() {
      if (child.exitCode !== null) return;
      await this.call({ op: 'close' }, 10_000).catch(() => {});
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The resident memory of a process, bytes (VmRSS). */
function readRssBytes(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The hard limit on open files of this process (a child cannot raise its own past it). */
function readHardNoFile(): number {
  try {
    const limits = fs.readFileSync('/proc/self/limits', 'utf8');
    const match = /Max open files\s+\d+\s+(\d+|unlimited)/.exec(limits);
    if (match && match[1] !== 'unlimited') return Number(match[1]);
  } catch {
    // not Linux: assume enough
  }
  return 1_000_000;
}

// ---- the measurements ----

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** 09:00 Beijing time of the day before `nowMs` (17 to 41 hours earlier). */
export function yesterdayNineBeijing(nowMs: number): number {
  const beijing = nowMs + BEIJING_OFFSET_MS;
  const today = beijing - (beijing % DAY_MS);
  return today - DAY_MS + 9 * 3_600_000 - BEIJING_OFFSET_MS;
}

interface Sample {
  atMs: number;
  fleet: FleetSnapshot;
  server: number | null;
  load: number | null;
  database: Map<number, number>;
  machine: ReturnType<typeof sampleMachineCpu>;
}

interface ThroughputRun {
  seconds: number;
  positionsPerSecond: number;
  cpuMsPer1000: { server: number | null; postgres: number; loadGenerator: number | null };
  cores: {
    server: number | null;
    postgres: number;
    loadGenerator: number | null;
    machineBusy: number | null;
  };
  sent: number;
  acknowledged: number;
  refused: number;
  unanswered: number;
  stored: number;
  isLossless: boolean;
  blindAreaPositions: number;
  disconnects: number;
  fenceEvents: number;
  violations: Record<string, number>;
  serverOutput: string;
}

async function countRows(url: string, statement: string): Promise<number> {
  return Number(await runAdminSql(url, statement));
}

async function measureThroughput(
  ctx: ScenarioContext,
  server: ServerProcess,
  jt808Port: number,
  seeded: Seeded,
  dbUrl: string,
): Promise<ThroughputRun> {
  const log = (m: string) => ctx.log(`telematics: ${m}`);
  const load = startLoadProcess();
  try {
    await load.call({
      op: 'init',
      fleet: { trucks: seeded.trucks, host: '127.0.0.1', port: jt808Port, rates },
    });
    const online = await load.call<number>({ op: 'connect', timeoutMs: 180_000 });
    log(`${online} of ${seeded.trucks.length} trucks online`);
    // Device clocks run 10 s a position (50 positions/s a truck is 500 device seconds a
    // second), from 09:00 Beijing time yesterday, so a run's few device hours are daytime:
    // starting in the night ban would make every truck a violation.
    await load.call({
      op: 'report',
      reporting: { ...reporting, clockStartMs: yesterdayNineBeijing(Date.now()) },
    });
    log(
      `warm-up ${ctx.options.warmupSeconds}s: 0x0704 batches of ${reporting.batchPositions}, ` +
        `${reporting.window} frames in flight per truck`,
    );
    await sleep(ctx.options.warmupSeconds * 1000);
    const sample = async (): Promise<Sample> => ({
      atMs: performance.now(),
      fleet: await load.call<FleetSnapshot>({ op: 'snapshot' }),
      server: server.readCpuSeconds(),
      load: load.cpuSeconds(),
      database: snapshotProcessesCpu(await listBackendPids(ctx.options.adminUrl, DATABASE)),
      machine: sampleMachineCpu(),
    });
    const from = await sample();
    log(`peak: ${ctx.options.seconds}s`);
    await sleep(ctx.options.seconds * 1000);
    const to = await sample();
    const seconds = (to.atMs - from.atMs) / 1000;
    const positions = to.fleet.positionsAcked - from.fleet.positionsAcked;
    const per1000 = (cpu: number | null) => (cpu === null ? null : (cpu * 1_000_000) / positions);
    const serverCpu = to.server === null || from.server === null ? null : to.server - from.server;
    const loadCpu = to.load === null || from.load === null ? null : to.load - from.load;
    const postgresCpu = cpuSecondsBetween(from.database, to.database);
    log(`peak: ${Math.round(positions / seconds)} positions/s acknowledged; draining`);
    const final = await load.call<FleetSnapshot>({ op: 'stop', drainMs: 60_000 });
    await load.stop();
    // Everything answered was stored; what is still owed (if anything) is flushed on shutdown.
    const serverOutput = server.readOutput();
    if (serverOutput.trim() !== '') log(`the server wrote:\n${serverOutput.slice(-2000)}`);
    await server.stop();
    const stored = await countRows(dbUrl, 'SELECT count(*) FROM vehicle_positions');
    const fenceEvents = await countRows(dbUrl, 'SELECT count(*) FROM waste_fence_events');
    const violationRows = await runAdminSql(
      dbUrl,
      `SELECT rule || '=' || count(*) FROM waste_violations GROUP BY rule ORDER BY rule`,
    );
    const violations = Object.fromEntries(
      violationRows
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [rule, n] = line.split('=');
          return [rule!, Number(n)];
        }),
    );
    return {
      seconds,
      positionsPerSecond: positions / seconds,
      cpuMsPer1000: {
        server: per1000(serverCpu),
        postgres: per1000(postgresCpu)!,
        loadGenerator: per1000(loadCpu),
      },
      cores: {
        server: serverCpu === null ? null : serverCpu / seconds,
        postgres: postgresCpu / seconds,
        loadGenerator: loadCpu === null ? null : loadCpu / seconds,
        machineBusy: busyShare(from.machine, to.machine),
      },
      sent: final.positionsSent,
      acknowledged: final.positionsAcked,
      refused: final.positionsRefused,
      unanswered: final.unanswered,
      stored,
      isLossless:
        final.positionsSent === final.positionsAcked &&
        final.positionsAcked === stored &&
        final.disconnects === 0,
      blindAreaPositions: final.blindAreaPositions,
      disconnects: final.disconnects,
      fenceEvents,
      violations,
      serverOutput,
    };
  } finally {
    await load.stop();
  }
}

interface IdleRun {
  terminals: number;
  online: number;
  connectSeconds: number;
  rssBeforeBytes: number | null;
  rssAfterBytes: number | null;
  growthBytes: number | null;
  bytesPerTerminal: number | null;
  fdLimit: number;
}

async function measureIdle(
  ctx: ScenarioContext,
  server: ServerProcess,
  jt808Port: number,
  terminals: number,
  fdLimit: number,
): Promise<IdleRun> {
  const log = (m: string) => ctx.log(`telematics idle: ${m}`);
  await sleep(3000);
  const rssBeforeBytes = readRssBytes(server.pid);
  const processes: LoadProcess[] = [];
  const started = performance.now();
  try {
    const counts: number[] = [];
    for (let left = terminals; left > 0; left -= IDLE_PER_PROCESS)
      counts.push(Math.min(left, IDLE_PER_PROCESS));
    let offset = 0;
    const connecting = counts.map(async (count, k) => {
      const load = startLoadProcess();
      processes.push(load);
      const first = offset;
      offset += count;
      await load.call({
        op: 'init',
        fleet: {
          trucks: Array.from({ length: count }, (_, i) => ({
            phone: String(IDLE_PHONE_BASE + first + i),
            plate: `渝C${(first + i).toString(36).toUpperCase().padStart(5, '0')}`,
            districtCode: REGION,
            terminalId: `I${String(first + i).padStart(6, '0')}`.slice(-7),
          })),
          host: '127.0.0.1',
          port: jt808Port,
          // One source address per process: ~28,000 ephemeral ports each.
          localAddresses: [`127.0.0.${k + 2}`],
          connectConcurrency: 50,
          seed: k + 1,
        },
      });
      const online = await load.call<number>({ op: 'connect', timeoutMs: 300_000 });
      await load.call({ op: 'keepAlive', quietSeconds: 60 });
      return online;
    });
    const online = (await Promise.all(connecting)).reduce((a, b) => a + b, 0);
    const connectSeconds = (performance.now() - started) / 1000;
    log(
      `${online} of ${terminals} terminals online after ${connectSeconds.toFixed(0)}s; holding 10s`,
    );
    await sleep(10_000);
    const rssAfterBytes = readRssBytes(server.pid);
    const growthBytes =
      rssBeforeBytes === null || rssAfterBytes === null ? null : rssAfterBytes - rssBeforeBytes;
    return {
      terminals,
      online,
      connectSeconds,
      rssBeforeBytes,
      rssAfterBytes,
      growthBytes,
      bytesPerTerminal: growthBytes === null || online === 0 ? null : growthBytes / online,
      fdLimit,
    };
  } finally {
    await Promise.all(processes.map((p) => p.stop()));
  }
}

const mb = (bytes: number | null) => (bytes === null ? 'n/a' : `${Math.round(bytes / 1e6)} MB`);
const fmt = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number | null) => (n === null ? 'n/a' : `${n.toFixed(1)} ms`);

async function runTelematics(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const description = 'JT/T 808 positions through gateway, fence and rule checks and storage';
  if (!ctx.options.targets.includes('postgres')) {
    return {
      name: 'telematics',
      description,
      rows: [],
      details: null,
      notes: ['telematics: runs on PostgreSQL only (BENCH_TARGETS has no postgres).'],
    };
  }
  const fdLimit = readHardNoFile();
  const idleTerminals = Math.min(IDLE_GOAL, fdLimit - SERVER_SPARE_FDS);
  const dbUrl = await recreateDatabase(ctx.options.adminUrl, DATABASE);
  const jt808Port = await findFreePort();
  const settings = {
    DATABASE_URL: dbUrl,
    DEMO: 'false',
    CITYGOV_DATA_KEY: generateDataKey(),
    JT808_ENABLED: 'true',
    JT808_HOST: '127.0.0.1',
    JT808_PORT: String(jt808Port),
    JT808_AUTO_REGISTER: 'false',
  };
  try {
    ctx.log(
      `telematics: seeding ${FENCES} fences, ${TRUCKS} trucks and ${idleTerminals} idle terminals`,
    );
    const platform = await openPlatform(loadConfig(buildServerEnv(process.env, settings)), {
      poolSize: 2,
    });
    let seeded: Seeded;
    try {
      await seedBenchCity(platform.ctx);
      seeded = await seedFleet(platform.ctx.db, idleTerminals);
    } finally {
      await platform.close();
    }

    ctx.log('telematics: starting the server');
    const server = await startServerProcess(settings);
    let throughput: ThroughputRun;
    try {
      throughput = await measureThroughput(ctx, server, jt808Port, seeded, dbUrl);
    } finally {
      await server.stop();
    }
    ctx.log(
      `telematics: sent ${fmt(throughput.sent)}, acknowledged ${fmt(throughput.acknowledged)}, stored ${fmt(throughput.stored)}` +
        (throughput.isLossless ? ' (none lost)' : ' — COUNTS DIFFER'),
    );

    // BENCH_TELEMATICS_IDLE=false skips the idle connections (quicker trials of the path).
    if (['0', 'false', 'no'].includes((process.env.BENCH_TELEMATICS_IDLE ?? '').toLowerCase())) {
      return throughputOutcome(throughput, null);
    }
    ctx.log('telematics idle: restarting the server');
    const idleServer = await startServerProcess(settings);
    let idle: IdleRun;
    try {
      idle = await measureIdle(ctx, idleServer, jt808Port, idleTerminals, fdLimit);
    } finally {
      await idleServer.stop();
    }
    ctx.log(
      `telematics idle: ${fmt(idle.online)} terminals, server RSS ${mb(idle.rssBeforeBytes)} → ${mb(idle.rssAfterBytes)}`,
    );

    return throughputOutcome(throughput, idle);
  } finally {
    await dropDatabase(ctx.options.adminUrl, DATABASE);
  }
}

/** The scenario's row and notes; `idle` is null when that part was skipped. */
function throughputOutcome(throughput: ThroughputRun, idle: IdleRun | null): ScenarioOutcome {
  const cores = os.availableParallelism();
  const { cpuMsPer1000: c } = throughput;
  const busy = throughput.cores.machineBusy;
  const violations = Object.values(throughput.violations).reduce((a, b) => a + b, 0);
  const ours =
    (throughput.cores.server ?? 0) +
    throughput.cores.postgres +
    (throughput.cores.loadGenerator ?? 0);
  const perThousand =
    c.server === null || c.loadGenerator === null ? null : c.server + c.postgres + c.loadGenerator;
  const wholeMachine = perThousand === null ? null : (cores * 1_000_000) / perThousand;
  const notes = [
    `telematics: ${fmt(throughput.positionsPerSecond)} positions/s stored and acknowledged ` +
      `(goal ${fmt(GOAL_PER_SECOND)}/s: ${throughput.positionsPerSecond >= GOAL_PER_SECOND ? 'met' : 'not met'}) ` +
      `from ${fmt(TRUCKS)} trucks over real JT/T 808 TCP (0x0704 batches of ${reporting.batchPositions}, ` +
      `${reporting.window} in flight per truck, blind-area re-sends), ${fmt(FENCES)} fences and ` +
      `${fmt(TRUCKS)} route corridors checked per position; sent ${fmt(throughput.sent)} = ` +
      `acknowledged ${fmt(throughput.acknowledged)} = stored ${fmt(throughput.stored)}: ` +
      `${throughput.isLossless ? 'none lost' : 'COUNTS DIFFER (a failure)'}. ` +
      `CPU per 1,000 positions: server ${ms(c.server)}, PostgreSQL ${ms(c.postgres)}, simulator ` +
      `${ms(c.loadGenerator)}; these three used ${ours.toFixed(2)} of the ${cores} cores, which were ` +
      `${busy === null ? 'n/a' : `${Math.round(busy * 100)}%`} busy (others' work took the rest)` +
      (wholeMachine === null
        ? '. '
        : `: at this CPU per position the ${cores} cores alone would carry about ${fmt(wholeMachine)}/s (an estimate). `) +
      `Off the position path: ${fmt(throughput.fenceEvents)} fence events and ${fmt(violations)} violations stored.`,
  ];
  if (idle !== null) {
    const extrapolated =
      idle.bytesPerTerminal === null
        ? null
        : (idle.rssBeforeBytes ?? 0) + idle.bytesPerTerminal * IDLE_GOAL;
    notes.push(
      `telematics idle: ${fmt(idle.online)} terminals registered, authenticated and sending a heartbeat a minute ` +
        `grew the server's RSS by ${mb(idle.growthBytes)} (${mb(idle.rssBeforeBytes)} → ${mb(idle.rssAfterBytes)}; ` +
        `${idle.bytesPerTerminal === null ? 'n/a' : `${(idle.bytesPerTerminal / 1024).toFixed(1)} KiB`} each)` +
        (idle.terminals < IDLE_GOAL
          ? `; the open-files limit here (${fmt(idle.fdLimit)}, not raisable) leaves room for ${fmt(idle.terminals)}, so 20,000 would be about ${mb(extrapolated)}`
          : '') +
        ` (goal under 1 GB).`,
    );
  }
  return {
    name: 'telematics',
    description: telematicsScenario.description,
    rows: [
      {
        scenario: 'telematics',
        database: 'postgres',
        unit: 'positions',
        peakPerSecond: throughput.positionsPerSecond,
        latencyAtRate: null,
        // A position sent and not stored is a failure.
        failed: Math.max(0, throughput.sent - throughput.stored) + throughput.refused,
        targets: {},
      },
    ],
    details: {
      reporting,
      rates,
      trucks: TRUCKS,
      fences: FENCES,
      throughput: { ...throughput, serverOutput: undefined },
      estimatedWholeMachinePerSecond: wholeMachine,
      idle,
    },
    notes,
  };
}

export const telematicsScenario: Scenario = {
  name: 'telematics',
  description:
    'JT/T 808 positions through gateway, fence and rule checks and storage; idle terminals',
  run: runTelematics,
};
