// Micro-benchmark of the waste monitoring's per-position work (issue 6): the fence lookup and
// every rule, for 1,000 simulated trucks driving approved routes among 10,000 fences (9,000
// construction sites, 1,000 disposal sites) and 1,000 route corridors, half the trips under a
// manifest. In process, on one core, no database: the rules' share of the 50,000 positions/s
// the whole path must reach. The positions are generated before the clock starts.
import { performance } from 'node:perf_hooks';
import type { Scenario, ScenarioContext } from '../lib/scenario.ts';
import type { ScenarioOutcome } from '../lib/report.ts';
import {
  createRandom,
  createRouteBook,
  TruckMotion,
  type Site,
} from '../../tools/vehicle-sim/src/index.ts';
import type {
  VehiclePosition,
  VehicleRef,
} from '../../apps/server/src/modules/telematics/index.ts';
import {
  FenceIndex,
  type FenceInput,
} from '../../apps/server/src/modules/waste/monitoring/fence-index.ts';
import {
  compileSettings,
  defaultMonitoringSettings,
} from '../../apps/server/src/modules/waste/monitoring/monitoring-settings.ts';
import { RuleEngine } from '../../apps/server/src/modules/waste/monitoring/rule-engine.ts';
import { VehicleWatch } from '../../apps/server/src/modules/waste/monitoring/vehicle-watch.ts';
import type { MonitoredTruck } from '../../apps/server/src/modules/waste/monitoring/watch-types.ts';

const FENCES = 10_000;
const DISPOSAL_EVERY = 10; // every tenth fence is a disposal site
const TRUCKS = 1_000;
const STEPS = 300; // positions per truck, 10 s apart

interface Fleet {
  fences: FenceIndex;
  vehicles: VehicleRef[];
  trucks: MonitoredTruck[];
  /** Positions in arrival order (trucks interleaved, each truck's in order). */
  positions: VehiclePosition[];
  buildMs: number;
}

function polygonAround(lon: number, lat: number, radiusDeg: number, random: () => number) {
  const ring: number[][] = [];
  for (let k = 0; k < 8; k++) {
    const a = (k / 8) * 2 * Math.PI;
    const r = radiusDeg * (0.7 + 0.3 * random());
    ring.push([lon + r * Math.cos(a), lat + r * Math.sin(a) * 0.9]);
  }
  ring.push(ring[0]!);
  return [ring];
}

function buildFleet(): Fleet {
  const random = createRandom(2026);
  const next = () => random.next();
  const inputs: FenceInput[] = [];
  const sites: Site[] = [];
  for (let i = 0; i < FENCES; i++) {
    const lon = 106.25 + next() * 0.6;
    const lat = 29.35 + next() * 0.5;
    const isDisposal = i % DISPOSAL_EVERY === 0;
    inputs.push({
      kind: isDisposal ? 'disposal_site' : 'construction_site',
      id: i + 1,
      name: `fence ${i + 1}`,
      regionCode: '500103',
      rings: polygonAround(lon, lat, isDisposal ? 0.004 : 0.0015, next),
    });
    sites.push({
      id: `${isDisposal ? 'D' : 'C'}${i + 1}`,
      kind: isDisposal ? 'disposal' : 'construction',
      districtCode: '500103',
      lat,
      lon,
    });
  }
  const construction = sites.filter((s) => s.kind === 'construction');
  const disposal = sites.filter((s) => s.kind === 'disposal');
  const vehicles: VehicleRef[] = [];
  const trucks: MonitoredTruck[] = [];
  const motions: TruckMotion[] = [];
  const routes = [];
  for (let t = 0; t < TRUCKS; t++) {
    const from = construction[t * 7]!;
    // The nearest disposal site of a sample: a route of a few kilometres.
    let to = disposal[0]!;
    let best = Infinity;
    for (let k = 0; k < 40; k++) {
      const candidate = disposal[(t * 13 + k * 17) % disposal.length]!;
      const d = (candidate.lat - from.lat) ** 2 + (candidate.lon - from.lon) ** 2;
      if (d < best) [to, best] = [candidate, d];
    }
    const middle = { lat: (from.lat + to.lat) / 2 + 0.003, lon: (from.lon + to.lon) / 2 };
    const path = [from, middle, to];
    routes.push({ id: t + 1, path, from, to });
    const book = createRouteBook([{ fromId: from.id, toId: to.id, path }]);
    motions.push(
      new TruckMotion(
        createRandom(t + 1),
        [from, to],
        // A few violations, as in the field.
        { overspeedRate: 0.05, coverOpenRate: 0.03, offRouteRate: 0.03, dumpingRate: 0.01 },
        book,
      ),
    );
    vehicles.push({
      id: t + 1,
      plate: `渝A${String(t).padStart(5, '0')}`,
      terminalPhone: String(13_900_000_000 + t),
      regionCode: '500103',
      company: null,
    });
    trucks.push({
      truckId: t + 1,
      plate: vehicles[t]!.plate,
      companyId: 1 + (t % 50),
      companyName: null,
      regionCode: '500103',
      hasCoverSensor: true,
      coverBit: 17,
      manifest:
        t % 2 === 0
          ? {
              id: t + 1,
              manifestNo: `M${t + 1}`,
              status: 'in_transit',
              approvalId: t + 1,
              constructionSiteId: Number(from.id.slice(1)),
              destinationSiteId: Number(to.id.slice(1)),
              allowedDisposalSiteIds: [Number(to.id.slice(1))],
              routeIds: [t + 1],
              hoursStart: 0,
              hoursEnd: 1440,
              isLoaded: true,
              departedAtMs: 0,
            }
          : null,
    });
  }
  const started = performance.now();
  const fences = new FenceIndex(
    inputs,
    routes.map((r) => ({
      id: r.id,
      name: `route ${r.id}`,
      constructionSiteId: Number(r.from.id.slice(1)),
      disposalSiteId: Number(r.to.id.slice(1)),
      line: r.path.map((p) => [p.lon, p.lat]),
      halfWidthM: 150,
    })),
  );
  const buildMs = performance.now() - started;
  const start = Date.parse('2026-03-02T10:00:00+08:00');
  const positions: VehiclePosition[] = [];
  for (let step = 0; step < STEPS; step++) {
    for (let t = 0; t < TRUCKS; t++) {
      const state = motions[t]!.step(10);
      const recordedAt = new Date(start + step * 10_000);
      positions.push({
        vehicleId: t + 1,
        recordedAt,
        receivedAt: recordedAt,
        lat: state.lat,
        lon: state.lon,
        speedKmh: state.speedKmh,
        direction: state.direction,
        altitudeM: 250,
        alarmBits: state.alarmBits,
        statusBits: state.statusBits,
        isBlindArea: false,
        source: 'jt808',
        extras: null,
        regionCode: '500103',
      });
    }
  }
  return { fences, vehicles, trucks, positions, buildMs };
}

interface Pass {
  positions: number;
  seconds: number;
  /** CPU time of this process (user + system): the machine may be shared. */
  cpuSeconds: number;
  violations: number;
  fenceEvents: number;
}

function runPass(fleet: Fleet): Pass {
  let violations = 0;
  let fenceEvents = 0;
  const settings = compileSettings(defaultMonitoringSettings);
  const engine = new RuleEngine(
    () => fleet.fences,
    () => settings,
    {
      fenceEvent: () => fenceEvents++,
      opened: () => violations++,
      closed: () => {},
      instant: () => violations++,
    },
  );
  const watches = fleet.vehicles.map((v) => new VehicleWatch(v.id));
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const p of fleet.positions) {
    const i = p.vehicleId - 1;
    engine.evaluate(watches[i]!, fleet.vehicles[i]!, fleet.trucks[i]!, p, 0);
  }
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { positions: fleet.positions.length, seconds, cpuSeconds, violations, fenceEvents };
}

async function runWasteRules(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  ctx.log(`waste-rules: building ${FENCES} fences, ${TRUCKS} routes and the positions`);
  const fleet = buildFleet();
  runPass(fleet); // warm-up: the JIT settles
  const passes: Pass[] = [];
  const until = performance.now() + ctx.options.seconds * 1000;
  do passes.push(runPass(fleet));
  while (performance.now() < until);
  const medianOf = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const rates = passes.map((p) => p.positions / p.seconds);
  const cpuRates = passes.map((p) => p.positions / p.cpuSeconds);
  const median = medianOf(rates);
  const cpuMedian = medianOf(cpuRates);
  const last = passes.at(-1)!;
  ctx.log(
    `waste-rules: ${Math.round(median)} positions/s, ${Math.round(cpuMedian)} per CPU second (median of ${passes.length} passes)`,
  );
  return {
    name: 'waste-rules',
    description: 'Fence lookup and violation rules per truck position (in process, one core)',
    rows: [
      {
        scenario: 'waste-rules',
        database: ctx.options.targets[0] ?? 'postgres',
        unit: 'positions (rules only)',
        peakPerSecond: median,
        latencyAtRate: null,
        failed: 0,
        targets: {},
      },
    ],
    details: {
      fences: fleet.fences.fences.length,
      routes: fleet.fences.routeCount,
      trucks: TRUCKS,
      positionsPerPass: last.positions,
      passes: passes.length,
      ratesPerSecond: rates.map(Math.round),
      ratesPerCpuSecond: cpuRates.map(Math.round),
      indexBuildMs: Math.round(fleet.buildMs),
      violationsPerPass: last.violations,
      fenceEventsPerPass: last.fenceEvents,
    },
    notes: [
      `waste-rules: ${Math.round(median).toLocaleString('en')} positions/s (${Math.round(cpuMedian).toLocaleString('en')} per CPU second) through the fence lookup and every rule on one core ` +
        `(${FENCES.toLocaleString('en')} fences, ${TRUCKS} route corridors; index built in ${Math.round(fleet.buildMs)} ms); ` +
        `no database: the issue's 50,000 positions/s goal is for the whole path, of which this is one part.`,
    ],
  };
}

export const wasteRulesScenario: Scenario = {
  name: 'waste-rules',
  description: 'Fence lookup and violation rules per truck position (in process, one core)',
  run: runWasteRules,
};
