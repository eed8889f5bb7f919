// The rules' memory of one vehicle: where it was (inside which fences), what it was doing
// (stopped since when, loaded then), and its ongoing violations. One per watched vehicle;
// positions of one vehicle reach it one at a time, in order.
import type { WasteFenceKind } from '@citygov/contracts';
import type { VehiclePosition } from '../../telematics/index.ts';
import type { Episode } from './episode.ts';

/** The duration rules, in the order they are evaluated; slots of VehicleWatch.episodes. */
export const DURATION_RULES = [
  'off_route',
  'unapproved_dumping',
  'night_ban',
  'overspeed',
  'cover_open',
] as const;
export type DurationRule = (typeof DURATION_RULES)[number];
export const OFF_ROUTE = 0;
export const DUMPING = 1;
export const NIGHT_BAN = 2;
export const OVERSPEED = 3;
export const COVER_OPEN = 4;

/** One number per fence, sortable: construction sites even, disposal sites odd. */
export const fenceKey = (kind: WasteFenceKind, id: number) =>
  id * 2 + (kind === 'construction_site' ? 0 : 1);
export const fenceKindOfKey = (key: number): WasteFenceKind =>
  key % 2 === 0 ? 'construction_site' : 'disposal_site';
export const fenceIdOfKey = (key: number) => Math.floor(key / 2);

export class VehicleWatch {
  readonly vehicleId: number;
  /** Device time of the last position evaluated (older ones are skipped). */
  lastMs = -Infinity;
  /** Wall-clock time the last position arrived (to end violations of silent vehicles). */
  lastSeenWallMs = 0;
  /** Fences the vehicle is inside, as fence keys in ascending order. */
  insideKeys: number[] = [];
  readonly episodes: Array<Episode | null> = DURATION_RULES.map(() => null);
  /** When each rule's condition began to hold (NaN: it does not), before it counted. */
  readonly pendingSince = new Float64Array(DURATION_RULES.length).fill(Number.NaN);
  readonly pendingFirst: Array<VehiclePosition | null> = DURATION_RULES.map(() => null);
  /** Speed below the stop threshold since (NaN: moving). */
  stopSinceMs = Number.NaN;
  stopFirst: VehiclePosition | null = null;
  /** Loaded at some time during the current stop. */
  stopWasLoaded = false;
  /** The corridor segment that matched last (a truck is usually still on it). */
  routeHintId = -1;
  routeHintSegment = -1;
  /** The last no_manifest violation: one per site exit, not one per GNSS jitter at the gate. */
  lastNoManifestKey = -1;
  lastNoManifestMs = -Infinity;
  /** Positions skipped because they were older than one already evaluated. */
  outOfOrder = 0;

  constructor(vehicleId: number) {
    this.vehicleId = vehicleId;
  }

  get hasOngoing(): boolean {
    for (const episode of this.episodes) if (episode !== null) return true;
    return false;
  }

  isInside(key: number): boolean {
    // A vehicle is inside a handful of fences at most: a scan beats a set.
    for (const inside of this.insideKeys) if (inside === key) return true;
    return false;
  }
}
