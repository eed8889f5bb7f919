// @citygov/vehicle-sim: simulated muck trucks speaking JT/T 808 over TCP. See README.md.
export {
  defaultSimulationOptions,
  lastNightStartMs,
  plateOf,
  runSimulation,
} from './simulation.ts';
export type { SimulationOptions, SimulationProgress, SimulationResult } from './simulation.ts';
export { TerminalClient, emptyCounters } from './terminal-client.ts';
export type { TerminalCounters, TerminalIdentity } from './terminal-client.ts';
export { COVER_OPEN_STATUS_BIT, TruckMotion, createRouteBook, planTrip } from './truck-motion.ts';
export type { RouteBook, TruckState, Trip, ViolationRates } from './truck-motion.ts';
export { loadServerPlaces } from './server-places.ts';
export type { ServerPlaces } from './server-places.ts';
export { centralDistricts, distanceM, generateSites } from './places.ts';
export type { District, LatLon, Site } from './places.ts';
export { createRandom } from './random.ts';
export type { Random } from './random.ts';
export { LoadFleet } from './load-fleet.ts';
export type { FleetSnapshot, LoadFleetOptions, LoadTruck, ReportingOptions } from './load-fleet.ts';
export type { LoadRequest } from './load-child.ts';
