// npm run sim:trucks -- --trucks 1000 --server http://127.0.0.1:3000 (or npm run sim -w @citygov/vehicle-sim -- …)
import { parseArgs } from 'node:util';
import { loadServerPlaces } from './server-places.ts';
import { defaultSimulationOptions, runSimulation, type SimulationOptions } from './simulation.ts';

const usage = `Usage: npm run sim:trucks -- [options]
  --trucks N            trucks (TCP terminals) to simulate (default 50)
  --host H --port P     the JT/T 808 gateway (default 127.0.0.1:8808)
  --server URL          read sites, disposal sites, routes and trucks from a CityGov server
                        (e.g. http://127.0.0.1:3000): trucks drive the approved routes as the
                        registered trucks (default: generated sites, plates from --phone-base)
  --user U --password P the account that reads them (default admin / demo)
  --interval S          seconds between positions of one truck (default 10; fractions allowed)
  --duration S          stop after S seconds (default: run until Ctrl-C)
  --overspeed-rate R    share of trips with a speeding stretch (default ${defaultSimulationOptions.overspeedRate})
  --cover-open-rate R   share of loaded trips with the cover opened (default ${defaultSimulationOptions.coverOpenRate})
  --off-route-rate R    share of trips with a detour off the route (default ${defaultSimulationOptions.offRouteRate})
  --dumping-rate R      share of loaded trips tipped by the roadside (default 0)
  --dump-minutes M      how long such a stop lasts (default 12; the load is gone half way)
  --night               device clocks report night hours (from 22:00 Beijing time)
  --outage-rate R       chance per position of entering a blind area (default ${defaultSimulationOptions.outageRate})
  --version V           2013 or 2019 headers (default 2013)
  --seed N              randomness seed (default ${defaultSimulationOptions.seed})
  --phone-base N        terminal phone of the first truck (default ${defaultSimulationOptions.phoneBase})
  --ramp S              seconds over which connections open (default ${defaultSimulationOptions.rampSeconds})`;

function fail(message: string): never {
  console.error(`${message}\n\n${usage}`);
  process.exit(2);
}

function readNumber(
  raw: string | undefined,
  name: string,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    fail(`--${name} must be a number within ${min}–${max}, got "${raw}"`);
  }
  return value;
}

const { values } = parseArgs({
  options: {
    trucks: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    interval: { type: 'string' },
    duration: { type: 'string' },
    'overspeed-rate': { type: 'string' },
    'cover-open-rate': { type: 'string' },
    'off-route-rate': { type: 'string' },
    'dumping-rate': { type: 'string' },
    'dump-minutes': { type: 'string' },
    server: { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string' },
    night: { type: 'boolean' },
    'outage-rate': { type: 'string' },
    version: { type: 'string' },
    seed: { type: 'string' },
    'phone-base': { type: 'string' },
    ramp: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  strict: true,
});
if (values.help === true) {
  console.log(usage);
  process.exit(0);
}

const version = readNumber(values.version, 'version', 2013, 2019);
if (version !== undefined && version !== 2013 && version !== 2019)
  fail('--version must be 2013 or 2019');

const options: Partial<SimulationOptions> & Pick<SimulationOptions, 'trucks' | 'host' | 'port'> = {
  trucks: readNumber(values.trucks, 'trucks', 1, 100_000) ?? 50,
  host: values.host ?? '127.0.0.1',
  port: readNumber(values.port, 'port', 1, 65535) ?? 8808,
};
const optional: Partial<SimulationOptions> = {
  intervalSeconds: readNumber(values.interval, 'interval', 0.001, 3600),
  durationSeconds: readNumber(values.duration, 'duration', 1, 30 * 86400),
  overspeedRate: readNumber(values['overspeed-rate'], 'overspeed-rate', 0, 1),
  coverOpenRate: readNumber(values['cover-open-rate'], 'cover-open-rate', 0, 1),
  offRouteRate: readNumber(values['off-route-rate'], 'off-route-rate', 0, 1),
  dumpingRate: readNumber(values['dumping-rate'], 'dumping-rate', 0, 1),
  dumpMinutes: readNumber(values['dump-minutes'], 'dump-minutes', 1, 240),
  isNight: values.night,
  outageRate: readNumber(values['outage-rate'], 'outage-rate', 0, 1),
  version,
  seed: readNumber(values.seed, 'seed', 0, 2 ** 31),
  phoneBase: readNumber(values['phone-base'], 'phone-base', 1, 99_999_999_999),
  rampSeconds: readNumber(values.ramp, 'ramp', 0, 3600),
};
for (const [key, value] of Object.entries(optional)) {
  if (value !== undefined) Object.assign(options, { [key]: value });
}

if (values.server !== undefined) {
  try {
    options.places = await loadServerPlaces(values.server, values.user, values.password);
  } catch (error) {
    fail(`--server: ${(error as Error).message}`);
  }
  console.log(
    `From ${values.server}: ${options.places.sites.length} sites, ${options.places.routeCount} routes, ${options.places.trucks.length} registered trucks`,
  );
  if (options.places.trucks.length < options.trucks) {
    console.log(
      `Trucks beyond the ${options.places.trucks.length} registered ones report with generated plates (not watched by the waste monitoring).`,
    );
  }
}

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

console.log(
  `Simulating ${options.trucks} trucks against ${options.host}:${options.port}, a position every ${options.intervalSeconds ?? defaultSimulationOptions.intervalSeconds} s (Ctrl-C stops)`,
);
const result = await runSimulation({
  ...options,
  signal: controller.signal,
  onProgress: (p) => {
    if (Math.round(p.elapsedSeconds) % 10 !== 0) return;
    console.log(
      `${p.elapsedSeconds.toFixed(0)} s: ${p.online} online, ${p.positionsSent} positions sent, ${p.positionsAcked} acknowledged, ${p.blindAreaBatches} blind-area batches, ${p.disconnects} disconnects`,
    );
  },
});
console.log(JSON.stringify(result, null, 2));
