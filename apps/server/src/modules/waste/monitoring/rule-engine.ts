// The rules, evaluated on every position of a watched truck, in order per vehicle. Synchronous
// and query-free: the fences, the truck and its manifest are in memory, and what the rules
// conclude goes to a sink (the writer stores it later). A position costs one spatial lookup
// (O(log n) in the fences), a corridor check for loaded trucks under a manifest (usually one
// segment thanks to the hint), and a few comparisons; it allocates only when something happens.
//
// "Loaded" is the open manifest's state (signed out at the site and not yet received) OR the
// load sensor (status bits 8–9 half or full). Either suffices, so a truck that tipped its load
// early still counts as loaded by its manifest, and a truck with no manifest is caught by its
// sensor. The no_manifest rule can only use the sensor (there is no manifest to ask).
import { isPositioned, type VehiclePosition, type VehicleRef } from '../../telematics/index.ts';
import { Episode } from './episode.ts';
import type { FenceIndex } from './fence-index.ts';
import {
  beijingMinuteOfDay,
  isWithinMinutes,
  type CompiledSettings,
} from './monitoring-settings.ts';
import type { VehicleWatch } from './vehicle-watch.ts';
import {
  COVER_OPEN,
  DUMPING,
  DURATION_RULES,
  fenceIdOfKey,
  fenceKey,
  fenceKindOfKey,
  NIGHT_BAN,
  OFF_ROUTE,
  OVERSPEED,
} from './vehicle-watch.ts';
import {
  isSensorLoaded,
  toEvidence,
  type FenceEventRecord,
  type InstantViolation,
  type ViolationParty,
  type MonitoredManifest,
  type MonitoredTruck,
} from './watch-types.ts';

export interface RuleSink {
  fenceEvent(event: FenceEventRecord): void;
  opened(episode: Episode): void;
  closed(episode: Episode): void;
  instant(violation: InstantViolation): void;
}

/** A no_manifest violation per site and truck at most this often (gate jitter, re-entries). */
const NO_MANIFEST_REPEAT_MS = 30 * 60_000;

const partyOf = (vehicle: VehicleRef, truck: MonitoredTruck): ViolationParty => ({
  truckId: truck.truckId,
  vehicleId: vehicle.id,
  plate: truck.plate,
  companyId: truck.companyId,
  regionCode: truck.regionCode,
  manifestId: truck.manifest?.id ?? null,
});

const sameKeys = (a: readonly number[], b: readonly number[]) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

export class RuleEngine {
  readonly #fences: () => FenceIndex;
  readonly #settings: () => CompiledSettings;
  readonly #sink: RuleSink;
  // Scratch arrays reused by every lookup.
  readonly #hits: number[] = [];
  readonly #keys: number[] = [];

  constructor(fences: () => FenceIndex, settings: () => CompiledSettings, sink: RuleSink) {
    this.#fences = fences;
    this.#settings = settings;
    this.#sink = sink;
  }

  /** Evaluates one position; false when it was skipped (older than one already seen). */
  evaluate(
    watch: VehicleWatch,
    vehicle: VehicleRef,
    truck: MonitoredTruck,
    p: VehiclePosition,
    wallMs = Date.now(),
  ): boolean {
    const t = p.recordedAt.getTime();
    // A blind-area re-send older than what was already judged would rewind the state machines.
    if (t < watch.lastMs) {
      watch.outOfOrder++;
      return false;
    }
    watch.lastMs = t;
    watch.lastSeenWallMs = wallMs;
    const s = this.#settings();
    const index = this.#fences();
    const manifest = truck.manifest;
    const sensorLoaded = isSensorLoaded(p.statusBits);
    const isLoaded = sensorLoaded || manifest?.isLoaded === true;
    // 0,0 is what terminals without a fix send: not a place for the spatial rules.
    const hasFix = isPositioned(p) && !(p.lat === 0 && p.lon === 0);
    const isMoving = p.speedKmh >= s.stopSpeedKmh;

    if (hasFix) this.#updateFences(watch, vehicle, truck, p, t, index, isLoaded, sensorLoaded);

    // Off route: loaded under a manifest with approved routes, outside all their corridors
    // (and not inside the site it left or a site it may tip at).
    let isOffRoute = false;
    if (hasFix && manifest !== null && manifest.isLoaded && manifest.routeIds.length > 0) {
      if (!this.#isAtManifestEnds(watch, manifest)) {
        isOffRoute = this.#isOutsideCorridors(watch, manifest, p, index, s.corridorToleranceM);
      }
    }
    const offRoute = this.#step(
      watch,
      OFF_ROUTE,
      isOffRoute,
      t,
      p,
      s.offRouteMinMs,
      s,
      vehicle,
      truck,
    );
    if (offRoute !== null) {
      offRoute.facts.routeIds = manifest!.routeIds;
      offRoute.facts.toleranceM = s.corridorToleranceM;
      offRoute.facts.manifestNo = manifest!.manifestNo;
      this.#sink.opened(offRoute);
    }

    // Unapproved dumping: stopped longer than the limit, loaded during the stop, outside
    // approved disposal sites (and outside construction sites, where trucks wait to load).
    if (isMoving) {
      watch.stopSinceMs = Number.NaN;
      watch.stopFirst = null;
      watch.stopWasLoaded = false;
    } else {
      if (Number.isNaN(watch.stopSinceMs)) {
        watch.stopSinceMs = t;
        watch.stopFirst = p;
      }
      if (isLoaded) watch.stopWasLoaded = true;
    }
    const isDumping =
      !isMoving &&
      hasFix &&
      watch.stopWasLoaded &&
      t - watch.stopSinceMs >= s.dumpingStopMs &&
      !this.#isAtAllowedStop(watch, manifest);
    const dumping = this.#step(
      watch,
      DUMPING,
      isDumping,
      t,
      p,
      0,
      s,
      vehicle,
      truck,
      watch.stopSinceMs,
      watch.stopFirst,
    );
    if (dumping !== null) {
      dumping.facts.stopMinutesLimit = s.source.dumpingStopMinutes;
      dumping.facts.allowedDisposalSiteIds = manifest?.allowedDisposalSiteIds ?? [];
      this.#sink.opened(dumping);
    }

    // Banned hours: moving within the night ban, or loaded outside the approval's hours.
    const minute = beijingMinuteOfDay(t);
    const inBan = isWithinMinutes(minute, s.banFromMinute, s.banToMinute);
    const outsideHours =
      manifest !== null &&
      manifest.isLoaded &&
      manifest.hoursStart !== manifest.hoursEnd % 1440 &&
      !isWithinMinutes(minute, manifest.hoursStart, manifest.hoursEnd);
    const night = this.#step(
      watch,
      NIGHT_BAN,
      isMoving && (inBan || outsideHours),
      t,
      p,
      0,
      s,
      vehicle,
      truck,
    );
    if (night !== null) {
      night.facts.reason = inBan ? 'night_ban' : 'outside_approved_hours';
      night.facts.nightBan = s.source.nightBan;
      if (manifest !== null) {
        night.facts.approvedHours = { start: manifest.hoursStart, end: manifest.hoursEnd };
      }
      this.#sink.opened(night);
    }

    // Overspeed: the reported speed above the platform's limit.
    const isSpeeding = p.speedKmh > s.overspeedKmh;
    const speeding = this.#step(
      watch,
      OVERSPEED,
      isSpeeding,
      t,
      p,
      s.overspeedMinMs,
      s,
      vehicle,
      truck,
    );
    if (isSpeeding) {
      const episode = watch.episodes[OVERSPEED];
      if (episode != null && !(episode.peak >= p.speedKmh)) episode.peak = p.speedKmh;
    }
    if (speeding !== null) {
      speeding.facts.limitKmh = s.overspeedKmh;
      this.#sink.opened(speeding);
    }

    // Cover open while loaded: the sealed-cover sensor's status bit.
    const isCoverOpen =
      truck.hasCoverSensor && isLoaded && ((p.statusBits >>> truck.coverBit) & 1) === 1;
    const cover = this.#step(
      watch,
      COVER_OPEN,
      isCoverOpen,
      t,
      p,
      s.coverOpenMinMs,
      s,
      vehicle,
      truck,
    );
    if (cover !== null) {
      cover.facts.statusBit = truck.coverBit;
      cover.facts.loadedBy = sensorLoaded ? (manifest?.isLoaded ? 'both' : 'sensor') : 'manifest';
      this.#sink.opened(cover);
    }
    return true;
  }

  /**
   * Ends the ongoing violations of a vehicle that has gone silent: at the time the condition
   * was last seen false, else the last time it held.
   */
  endSilent(watch: VehicleWatch): void {
    for (let slot = 0; slot < DURATION_RULES.length; slot++) {
      const episode = watch.episodes[slot];
      watch.pendingSince[slot] = Number.NaN;
      watch.pendingFirst[slot] = null;
      if (episode == null) continue;
      episode.endedMs = Number.isNaN(episode.firstFalseMs)
        ? episode.lastTrueMs
        : episode.firstFalseMs;
      episode.facts.endedBy = 'silence';
      watch.episodes[slot] = null;
      this.#sink.closed(episode);
    }
  }

  /**
   * One duration rule's state machine. Returns a newly opened episode (its facts still to be
   * filled and the sink told by the caller), else null.
   */
  #step(
    watch: VehicleWatch,
    slot: number,
    holds: boolean,
    t: number,
    p: VehiclePosition,
    minMs: number,
    s: CompiledSettings,
    vehicle: VehicleRef,
    truck: MonitoredTruck,
    startMs = t,
    first: VehiclePosition | null = null,
  ): Episode | null {
    const episode = watch.episodes[slot] ?? null;
    if (holds) {
      if (episode !== null) {
        episode.lastTrueMs = t;
        episode.firstFalseMs = Number.NaN;
        episode.add(p);
        return null;
      }
      if (Number.isNaN(watch.pendingSince[slot]!)) {
        watch.pendingSince[slot] = startMs;
        watch.pendingFirst[slot] = first ?? p;
      }
      const since = watch.pendingSince[slot]!;
      if (t - since < minMs) return null;
      const firstSeen = watch.pendingFirst[slot] ?? p;
      const opened = new Episode(
        DURATION_RULES[slot]!,
        partyOf(vehicle, truck),
        since,
        firstSeen,
        {},
      );
      opened.lastTrueMs = t;
      opened.add(firstSeen);
      if (firstSeen !== p) opened.add(p);
      watch.pendingSince[slot] = Number.NaN;
      watch.pendingFirst[slot] = null;
      watch.episodes[slot] = opened;
      return opened;
    }
    if (!Number.isNaN(watch.pendingSince[slot]!)) {
      watch.pendingSince[slot] = Number.NaN;
      watch.pendingFirst[slot] = null;
    }
    if (episode === null) return null;
    if (Number.isNaN(episode.firstFalseMs)) {
      episode.firstFalseMs = t;
      episode.add(p); // the position that showed it was over
    }
    if (t - episode.firstFalseMs >= s.endAfterMs) {
      episode.endedMs = episode.firstFalseMs;
      watch.episodes[slot] = null;
      this.#sink.closed(episode);
    }
    return null;
  }

  #updateFences(
    watch: VehicleWatch,
    vehicle: VehicleRef,
    truck: MonitoredTruck,
    p: VehiclePosition,
    t: number,
    index: FenceIndex,
    isLoaded: boolean,
    sensorLoaded: boolean,
  ): void {
    const hits = this.#hits;
    const keys = this.#keys;
    index.findContaining(p.lon, p.lat, hits);
    keys.length = 0;
    for (const hit of hits) {
      const fence = index.fences[hit]!;
      keys.push(fenceKey(fence.kind, fence.id));
    }
    if (keys.length > 1) keys.sort((a, b) => a - b);
    const previous = watch.insideKeys;
    if (sameKeys(previous, keys)) return;
    for (const key of previous) {
      if (keys.includes(key)) continue;
      this.#fenceEvent(vehicle, truck, key, 'exit', p, t, isLoaded);
      // Leaving a construction site loaded (by the sensor) with no open manifest.
      if (fenceKindOfKey(key) === 'construction_site' && sensorLoaded && truck.manifest === null) {
        this.#noManifest(watch, vehicle, truck, key, p, t);
      }
    }
    for (const key of keys) {
      if (!previous.includes(key)) this.#fenceEvent(vehicle, truck, key, 'enter', p, t, isLoaded);
    }
    watch.insideKeys = keys.slice();
  }

  #fenceEvent(
    vehicle: VehicleRef,
    truck: MonitoredTruck,
    key: number,
    event: 'enter' | 'exit',
    p: VehiclePosition,
    t: number,
    isLoaded: boolean,
  ): void {
    this.#sink.fenceEvent({
      vehicleId: vehicle.id,
      truckId: truck.truckId,
      regionCode: truck.regionCode,
      fenceKind: fenceKindOfKey(key),
      fenceId: fenceIdOfKey(key),
      event,
      atMs: t,
      lat: p.lat,
      lon: p.lon,
      isLoaded,
    });
  }

  #noManifest(
    watch: VehicleWatch,
    vehicle: VehicleRef,
    truck: MonitoredTruck,
    key: number,
    p: VehiclePosition,
    t: number,
  ): void {
    if (watch.lastNoManifestKey === key && t - watch.lastNoManifestMs < NO_MANIFEST_REPEAT_MS) {
      return;
    }
    watch.lastNoManifestKey = key;
    watch.lastNoManifestMs = t;
    this.#sink.instant({
      rule: 'no_manifest',
      party: partyOf(vehicle, truck),
      atMs: t,
      lat: p.lat,
      lon: p.lon,
      positions: [toEvidence(p)],
      facts: { constructionSiteId: fenceIdOfKey(key), loadedBy: 'sensor' },
    });
  }

  /** Inside the construction site the load came from or a disposal site it may go to. */
  #isAtManifestEnds(watch: VehicleWatch, manifest: MonitoredManifest): boolean {
    for (const key of watch.insideKeys) {
      const id = fenceIdOfKey(key);
      if (fenceKindOfKey(key) === 'construction_site') {
        if (id === manifest.constructionSiteId) return true;
      } else if (manifest.allowedDisposalSiteIds.includes(id)) {
        return true;
      }
    }
    return false;
  }

  /** Where a loaded truck may stand: any construction site, or a disposal site it may use. */
  #isAtAllowedStop(watch: VehicleWatch, manifest: MonitoredManifest | null): boolean {
    for (const key of watch.insideKeys) {
      if (fenceKindOfKey(key) === 'construction_site') return true;
      if (manifest === null || manifest.allowedDisposalSiteIds.includes(fenceIdOfKey(key))) {
        return true;
      }
    }
    return false;
  }

  /** True when every approved corridor that is known excludes the point (false if none known). */
  #isOutsideCorridors(
    watch: VehicleWatch,
    manifest: MonitoredManifest,
    p: VehiclePosition,
    index: FenceIndex,
    toleranceM: number,
  ): boolean {
    let isJudged = false;
    for (const routeId of manifest.routeIds) {
      const route = index.route(routeId);
      if (route === undefined) continue;
      isJudged = true;
      const hint = watch.routeHintId === routeId ? watch.routeHintSegment : -1;
      const segment = route.corridor.findSegmentWithin(p.lon, p.lat, toleranceM, hint);
      if (segment >= 0) {
        watch.routeHintId = routeId;
        watch.routeHintSegment = segment;
        return false;
      }
    }
    return isJudged;
  }
}
