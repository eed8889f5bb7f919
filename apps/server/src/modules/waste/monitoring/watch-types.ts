// What the rules know about a truck and its open manifest: a snapshot refreshed from the
// registry and the manifests (truck-directory.ts), read on every position without a query.
import type { EvidencePosition, WasteFenceKind, WasteViolationRule } from '@citygov/contracts';
import type { VehiclePosition } from '../../telematics/index.ts';

export interface MonitoredManifest {
  id: number;
  manifestNo: string;
  status: string;
  approvalId: number;
  constructionSiteId: number;
  /** Where the load is headed now (null: back to the construction site). */
  destinationSiteId: number | null;
  /** Disposal sites the load may be tipped at: destination, designated, alternate, approval's. */
  allowedDisposalSiteIds: readonly number[];
  /** The approved corridors: the manifest's route, else the approval's routes. */
  routeIds: readonly number[];
  /** Approved transport hours, minutes after Beijing midnight (0–1440: all day). */
  hoursStart: number;
  hoursEnd: number;
  /**
   * The load is on the truck by the manifest: signed out at the site (scheduled), picked up
   * (in_transit), arrived but not yet received (ready_for_signature), or going back (returning).
   */
  isLoaded: boolean;
  /** When the load left (transporter signature, else generator signature). */
  departedAtMs: number | null;
}

export interface MonitoredTruck {
  truckId: number;
  plate: string;
  companyId: number;
  companyName: string | null;
  regionCode: string;
  hasCoverSensor: boolean;
  /** The JT/T 808 status bit the sealed-cover sensor sets when open (17 by default). */
  coverBit: number;
  /** The truck's open manifest (the newest, if several), or null. */
  manifest: MonitoredManifest | null;
}

/** The truck's identity as a violation records it. */
export interface ViolationParty {
  truckId: number | null;
  vehicleId: number | null;
  plate: string;
  companyId: number | null;
  regionCode: string;
  manifestId: number | null;
}

export interface FenceEventRecord {
  vehicleId: number;
  truckId: number;
  regionCode: string;
  fenceKind: WasteFenceKind;
  fenceId: number;
  event: 'enter' | 'exit';
  atMs: number;
  lat: number;
  lon: number;
  isLoaded: boolean;
}

/** A violation with no duration (a site left, a checkpoint passed, a manifest overdue). */
export interface InstantViolation {
  rule: WasteViolationRule;
  party: ViolationParty;
  atMs: number;
  lat: number;
  lon: number;
  positions: EvidencePosition[];
  facts: Record<string, unknown>;
}

export const toEvidence = (p: VehiclePosition): EvidencePosition => ({
  recordedAt: p.recordedAt.toISOString(),
  lat: p.lat,
  lon: p.lon,
  speedKmh: p.speedKmh,
  direction: p.direction,
  alarmBits: p.alarmBits,
  statusBits: p.statusBits,
});

/** Status bits 8–9 (JT/T 808): 00 empty, 01 half, 11 full (10 is reserved). */
export function isSensorLoaded(statusBits: number): boolean {
  const load = (statusBits >>> 8) & 0b11;
  return load === 0b01 || load === 0b11;
}
