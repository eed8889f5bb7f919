// How one truck moves: loaded from a construction site to a disposal site, empty back to a
// construction site, with a dwell at each end. A trip follows the approved route between the
// two sites when one is known (sites and routes read from the server); otherwise it bends
// through a waypoint or two. Violations are drawn per trip and show in the alarm and status
// bits and in where the truck goes and stops.
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
  /**
   * Share of loaded trips tipped on the way (乱倒): a stop of `dumpMinutes` outside any site,
   * the load sensor showing full for the first half and empty after; the truck then drives on
   * empty. Default 0.
   */
  dumpingRate?: number;
  /** How long an illegal tipping stop lasts, minutes (default 12). */
  dumpMinutes?: number;
}

/** Approved route paths between sites, by site ids (either direction). */
export interface RouteBook {
  /** The path from `from` to `to` (reversed when stored the other way), or null. */
  find(from: Site, to: Site): readonly LatLon[] | null;
  /** Whether any route joins the two sites. */
  has(from: Site, to: Site): boolean;
}

/** A RouteBook over routes given as construction site, disposal site and path. */
export function createRouteBook(
  routes: ReadonlyArray<{ fromId: string; toId: string; path: readonly LatLon[] }>,
): RouteBook {
  const byKey = new Map<string, readonly LatLon[]>();
  for (const route of routes) {
    if (route.path.length < 2) continue;
    byKey.set(`${route.fromId}>${route.toId}`, route.path);
    byKey.set(`${route.toId}>${route.fromId}`, [...route.path].reverse());
  }
  return {
    find: (from, to) => byKey.get(`${from.id}>${to.id}`) ?? null,
    has: (from, to) => byKey.has(`${from.id}>${to.id}`),
  };
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
  /** Where along the trip the load is tipped illegally (loaded trips), else null. */
  dumpAtM: number | null;
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
  routePath: readonly LatLon[] | null = null,
): Trip {
  const direct = distanceM(from, to);
  const isOffRoute = random.chance(rates.offRouteRate);
  const path: LatLon[] = [from];
  let detourIndex = -1;
  if (routePath !== null) {
    // Along the approved route (its ends are the site gates); a detour leaves it sideways
    // from the middle of its longest stretch.
    const points = routePath.map((p) => ({ lat: p.lat, lon: p.lon }));
    if (isOffRoute) {
      let longest = 0;
      let longestM = -1;
      for (let i = 0; i + 1 < points.length; i++) {
        const m = distanceM(points[i]!, points[i + 1]!);
        if (m > longestM) [longest, longestM] = [i, m];
      }
      const a = points[longest]!;
      const b = points[longest + 1]!;
      const sideM = random.range(1500, 3000);
      const bearing = (bearingDeg(a, b) * Math.PI) / 180;
      const middle = { lat: (a.lat + b.lat) / 2, lon: (a.lon + b.lon) / 2 };
      const detour = offsetBy(middle, sideM * Math.cos(bearing), -sideM * Math.sin(bearing));
      points.splice(longest + 1, 0, detour);
      detourIndex = longest + 2; // the site itself heads the path
    }
    path.push(...points, to);
  }
  const bends = routePath === null ? 1 + random.int(2) : 0;
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
  if (routePath === null) path.push(to);
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
    // Drawn only when asked for, so fleets without it keep their trips seed for seed.
    dumpAtM:
      isLoaded && (rates.dumpingRate ?? 0) > 0 && random.chance(rates.dumpingRate!)
        ? random.range(0.3, 0.7) * lengthM
        : null,
  };
}

/** Where a truck is along its trips; step() advances it by real elapsed seconds. */
export class TruckMotion {
  readonly #random: Random;
  readonly #sites: readonly Site[];
  readonly #rates: ViolationRates;
  readonly #routes: RouteBook | null;
  #trip: Trip;
  #travelledM = 0;
  #dwellSeconds = 0;
  /** Seconds left of an illegal tipping stop. */
  #dumpLeftSeconds = 0;
  /** The load of this trip was tipped on the way (or half the stop has passed). */
  #hasDumped = false;
  #speedKmh: number;
  #cruiseKmh: number;
  #mileageKm: number;

  constructor(
    random: Random,
    sites: readonly Site[],
    rates: ViolationRates,
    routes: RouteBook | null = null,
  ) {
    this.#random = random;
    this.#sites = sites;
    this.#rates = rates;
    this.#routes = routes;
    const construction = sites.filter((site) => site.kind === 'construction');
    const start = random.pick(construction);
    const to = this.#pickDisposal(start);
    this.#trip = planTrip(random, start, to, true, rates, routes?.find(start, to) ?? null);
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
    } else if (this.#dumpLeftSeconds > 0) {
      // Tipping by the roadside: stopped, the load gone half way through the stop.
      this.#dumpLeftSeconds -= seconds;
      this.#speedKmh = 0;
      if (this.#dumpLeftSeconds <= ((this.#rates.dumpMinutes ?? 12) * 60) / 2)
        this.#hasDumped = true;
    } else if (
      this.#trip.dumpAtM !== null &&
      !this.#hasDumped &&
      this.#travelledM >= this.#trip.dumpAtM
    ) {
      this.#dumpLeftSeconds = (this.#rates.dumpMinutes ?? 12) * 60;
      this.#speedKmh = 0;
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
    const isMoving = this.#dwellSeconds <= 0 && this.#dumpLeftSeconds <= 0;
    const isDumping = this.#dumpLeftSeconds > 0;
    const hasLoad = trip.isLoaded && !this.#hasDumped;
    let alarmBits = 0;
    if (isMoving && within(trip.overspeed, at) && this.#speedKmh > 60) alarmBits |= OVERSPEED_BIT;
    if (isMoving && within(trip.offRoute, at)) alarmBits |= ROUTE_DEVIATION_BIT;
    let statusBits = composeStatusBits({
      isAccOn: true,
      isPositioned: true,
      isGpsUsed: true,
      isBeidouUsed: true,
      isMoving,
      load: hasLoad && (isMoving || isDumping) ? 'full' : 'empty',
    });
    if (hasLoad && within(trip.coverOpen, at)) statusBits = (statusBits | COVER_OPEN_BIT) >>> 0;
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
    const to = isLoaded ? this.#pickDisposal(previous.to) : this.#pickConstruction(previous.to);
    const path = this.#routes?.find(previous.to, to) ?? null;
    this.#trip = planTrip(this.#random, previous.to, to, isLoaded, this.#rates, path);
    this.#travelledM = 0;
    this.#hasDumped = false;
    this.#cruiseKmh = this.#random.range(30, 48);
  }

  /** A construction site (one a route joins to `from`, when routes are known). */
  #pickConstruction(from: Site): Site {
    const construction = this.#sites.filter((site) => site.kind === 'construction');
    const joined = construction.filter((site) => this.#routes?.has(from, site) === true);
    return this.#random.pick(joined.length > 0 ? joined : construction);
  }

  /**
   * With routes known: a disposal site a route joins to `from`. Else mostly the disposal site
   * of the same district, sometimes another one.
   */
  #pickDisposal(from: Site): Site {
    const disposal = this.#sites.filter((site) => site.kind === 'disposal');
    const joined = disposal.filter((site) => this.#routes?.has(from, site) === true);
    if (joined.length > 0) return this.#random.pick(joined);
    const local = disposal.find((site) => site.districtCode === from.districtCode);
    return local !== undefined && this.#random.chance(0.7) ? local : this.#random.pick(disposal);
  }
}
