// How one truck moves: loaded from a construction site to a disposal site, empty back to a
// construction site, with a dwell at each end. Roads are not straight, so a trip bends through
// a waypoint or two. Violations are drawn per trip and show in the alarm and status bits.
import { ALARM_BITS, composeStatusBits } from '@citygov/jt808';
import { bearingDeg, distanceM, offsetBy, type LatLon, type Site } from './places.ts';
import type { Random } from './random.ts';

/**
 * Status bit the simulated sealed-cover sensor sets when the cover is open. JT/T 808 leaves
 * bit 17 ("door 5") to the user; the waste module reads the same bit.
 */
export const COVER_OPEN_STATUS_BIT = 17;

export interface ViolationRates {
  /** Share of trips with a speeding stretch (alarm bit 1). */
  overspeedRate: number;
  /** Share of loaded trips with the cover opened on the way (status bit 17). */
  coverOpenRate: number;
  /** Share of trips with a detour off the direct route (alarm bit 23). */
  offRouteRate: number;
}

/** A stretch of a trip, in metres from its start. */
interface Stretch {
  fromM: number;
  toM: number;
}

export interface Trip {
  from: Site;
  to: Site;
  path: LatLon[];
  /** Distance from the start to each path point. */
  cumulativeM: number[];
  lengthM: number;
  isLoaded: boolean;
  overspeed: Stretch | null;
  coverOpen: Stretch | null;
  offRoute: Stretch | null;
}

export interface TruckState extends LatLon {
  speedKmh: number;
  direction: number;
  alarmBits: number;
  statusBits: number;
  mileageKm: number;
}

const OVERSPEED_BIT = 1 << ALARM_BITS.overspeed;
const ROUTE_DEVIATION_BIT = 1 << ALARM_BITS.routeDeviation;
const COVER_OPEN_BIT = 1 << COVER_OPEN_STATUS_BIT;

const within = (stretch: Stretch | null, m: number) =>
  stretch !== null && m >= stretch.fromM && m <= stretch.toM;

/** A trip between two sites through bending waypoints (and a detour when off route). */
export function planTrip(
  random: Random,
  from: Site,
  to: Site,
  isLoaded: boolean,
  rates: ViolationRates,
): Trip {
  const direct = distanceM(from, to);
  const isOffRoute = random.chance(rates.offRouteRate);
  const path: LatLon[] = [from];
  const bends = 1 + random.int(2);
  let detourIndex = -1;
  for (let i = 1; i <= bends; i++) {
    const t = i / (bends + 1);
    const base = {
      lat: from.lat + (to.lat - from.lat) * t,
      lon: from.lon + (to.lon - from.lon) * t,
    };
    // Sideways from the direct line: a few percent for a road, 1.5–3 km for a detour.
    const isDetour = isOffRoute && detourIndex === -1 && i === Math.ceil(bends / 2);
    const sideM = isDetour ? random.range(1500, 3000) : random.range(-0.08, 0.08) * direct;
    const bearing = (bearingDeg(from, to) * Math.PI) / 180;
    path.push(offsetBy(base, sideM * Math.cos(bearing), -sideM * Math.sin(bearing)));
    if (isDetour) detourIndex = path.length - 1;
  }
  path.push(to);
  const cumulativeM = [0];
  for (let i = 1; i < path.length; i++) {
    cumulativeM.push(cumulativeM[i - 1]! + distanceM(path[i - 1]!, path[i]!));
  }
  const lengthM = cumulativeM[cumulativeM.length - 1]!;
  const stretch = (share: number): Stretch => {
    const fromM = random.range(0.1, 0.9 - share) * lengthM;
    return { fromM, toM: fromM + share * lengthM };
  };
  return {
    from,
    to,
    path,
    cumulativeM,
    lengthM,
    isLoaded,
    overspeed: random.chance(rates.overspeedRate) ? stretch(0.2) : null,
    coverOpen: isLoaded && random.chance(rates.coverOpenRate) ? stretch(0.3) : null,
    // Around the detour waypoint: from halfway along the segment before it to halfway after.
    offRoute:
      detourIndex === -1
        ? null
        : {
            fromM: (cumulativeM[detourIndex - 1]! + cumulativeM[detourIndex]!) / 2,
            toM: (cumulativeM[detourIndex]! + cumulativeM[detourIndex + 1]!) / 2,
          },
  };
}

/** Where a truck is along its trips; step() advances it by real elapsed seconds. */
export class TruckMotion {
  readonly #random: Random;
  readonly #sites: readonly Site[];
  readonly #rates: ViolationRates;
  #trip: Trip;
  #travelledM = 0;
  #dwellSeconds = 0;
  #speedKmh: number;
  #cruiseKmh: number;
  #mileageKm: number;

  constructor(random: Random, sites: readonly Site[], rates: ViolationRates) {
    this.#random = random;
    this.#sites = sites;
    this.#rates = rates;
    const construction = sites.filter((site) => site.kind === 'construction');
    const start = random.pick(construction);
    this.#trip = planTrip(random, start, this.#pickDisposal(start), true, rates);
    // Trucks start anywhere along their first trip, so the fleet is not in lockstep.
    this.#travelledM = random.range(0, this.#trip.lengthM);
    this.#cruiseKmh = random.range(30, 48);
    this.#speedKmh = this.#cruiseKmh;
    this.#mileageKm = random.range(5_000, 120_000);
  }

  get trip(): Trip {
    return this.#trip;
  }

  step(seconds: number): TruckState {
    if (this.#dwellSeconds > 0) {
      this.#dwellSeconds -= seconds;
      this.#speedKmh = 0;
      if (this.#dwellSeconds <= 0) this.#startNextTrip();
    } else {
      const isSpeeding = within(this.#trip.overspeed, this.#travelledM);
      const target = isSpeeding ? this.#random.range(72, 86) : this.#cruiseKmh;
      // Speed drifts toward the target with some noise: traffic, lights, slopes.
      this.#speedKmh += (target - this.#speedKmh) * 0.5 + this.#random.range(-4, 4);
      this.#speedKmh = Math.max(5, Math.min(isSpeeding ? 95 : 58, this.#speedKmh));
      const stepM = (this.#speedKmh / 3.6) * seconds;
      this.#travelledM += stepM;
      this.#mileageKm += stepM / 1000;
      if (this.#travelledM >= this.#trip.lengthM) {
        this.#travelledM = this.#trip.lengthM;
        this.#dwellSeconds = this.#random.range(180, 600); // loading or tipping
      }
    }
    return this.#state();
  }

  #state(): TruckState {
    const trip = this.#trip;
    const at = this.#travelledM;
    let segment = 1;
    while (segment < trip.path.length - 1 && trip.cumulativeM[segment]! < at) segment++;
    const a = trip.path[segment - 1]!;
    const b = trip.path[segment]!;
    const startM = trip.cumulativeM[segment - 1]!;
    const segmentM = trip.cumulativeM[segment]! - startM;
    const t = segmentM === 0 ? 1 : Math.min(1, (at - startM) / segmentM);
    const isMoving = this.#dwellSeconds <= 0;
    let alarmBits = 0;
    if (isMoving && within(trip.overspeed, at) && this.#speedKmh > 60) alarmBits |= OVERSPEED_BIT;
    if (isMoving && within(trip.offRoute, at)) alarmBits |= ROUTE_DEVIATION_BIT;
    let statusBits = composeStatusBits({
      isAccOn: true,
      isPositioned: true,
      isGpsUsed: true,
      isBeidouUsed: true,
      isMoving,
      load: trip.isLoaded && isMoving ? 'full' : 'empty',
    });
    if (trip.isLoaded && within(trip.coverOpen, at))
      statusBits = (statusBits | COVER_OPEN_BIT) >>> 0;
    return {
      lat: a.lat + (b.lat - a.lat) * t,
      lon: a.lon + (b.lon - a.lon) * t,
      speedKmh: Math.round(this.#speedKmh * 10) / 10,
      direction: Math.round(bearingDeg(a, b)) % 360,
      alarmBits: alarmBits >>> 0,
      statusBits,
      mileageKm: Math.round(this.#mileageKm * 10) / 10,
    };
  }

  #startNextTrip(): void {
    const previous = this.#trip;
    const isLoaded = !previous.isLoaded;
    const to = isLoaded ? this.#pickDisposal(previous.to) : this.#pickConstruction();
    this.#trip = planTrip(this.#random, previous.to, to, isLoaded, this.#rates);
    this.#travelledM = 0;
    this.#cruiseKmh = this.#random.range(30, 48);
  }

  #pickConstruction(): Site {
    return this.#random.pick(this.#sites.filter((site) => site.kind === 'construction'));
  }

  /** Mostly the disposal site of the same district, sometimes another one. */
  #pickDisposal(from: Site): Site {
    const disposal = this.#sites.filter((site) => site.kind === 'disposal');
    const local = disposal.find((site) => site.districtCode === from.districtCode);
    return local !== undefined && this.#random.chance(0.7) ? local : this.#random.pick(disposal);
  }
}
