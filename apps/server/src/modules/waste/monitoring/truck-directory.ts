// Every waste truck by terminal phone, with its open manifest and what that manifest allows,
// held in memory for the rules. Trucks and manifests are re-read in full every minute and the
// manifests changed since the last read every few seconds; a manifest signed out at the site
// is known to the rules within that time.
import { listWatchedTrucks } from '../index.ts';
import type { VehicleRef } from '../../telematics/index.ts';
import type { Db } from '../../../platform/db/database.ts';
import type { MonitoredManifest, MonitoredTruck } from './watch-types.ts';
import {
  readApprovalAllowances,
  readCompanyNames,
  readManifests,
  type ApprovalAllowance,
  type ManifestRow,
} from './waste-reads.ts';
import { OPEN_MANIFEST_STATUSES, type ManifestStatus } from '@citygov/contracts';

/** The load is on the truck by its manifest in these statuses (see watch-types.ts). */
const LOADED_STATUSES: ReadonlySet<ManifestStatus> = new Set([
  'scheduled',
  'in_transit',
  'ready_for_signature',
  'returning',
]);
const OPEN_STATUSES: ReadonlySet<ManifestStatus> = new Set(OPEN_MANIFEST_STATUSES);
/** Re-read changes from a little before the last read (commits land out of order). */
const OVERLAP_MS = 5_000;

const unique = (ids: Array<number | null>) => [
  ...new Set(ids.filter((id): id is number => id !== null)),
];

/** The manifest as the rules see it, with its approval's allowances. */
export function monitoredManifestOf(
  row: ManifestRow,
  allowance: ApprovalAllowance | undefined,
): MonitoredManifest {
  const approvalSites = allowance?.disposalSiteIds ?? [];
  const approvalRoutes = allowance?.routes ?? [];
  // The manifest's route when it names one; else the approval's routes to where the load is
  // headed (any of them when none leads there, or when it goes back to the site).
  let routeIds: number[];
  if (row.routeId !== null) {
    routeIds = [row.routeId];
  } else {
    const toDestination = approvalRoutes.filter((r) => r.disposalSiteId === row.destinationSiteId);
    routeIds = (toDestination.length > 0 ? toDestination : approvalRoutes).map((r) => r.id);
  }
  const departed = row.pickedUpAt ?? row.departedAt;
  return {
    id: row.id,
    manifestNo: row.manifestNo,
    status: row.status,
    approvalId: row.approvalId,
    constructionSiteId: row.constructionSiteId,
    destinationSiteId: row.destinationSiteId,
    allowedDisposalSiteIds: unique([
      row.destinationSiteId,
      row.disposalSiteId,
      row.alternateSiteId,
      ...approvalSites,
    ]),
    routeIds,
    hoursStart: allowance?.hoursStart ?? 0,
    hoursEnd: allowance?.hoursEnd ?? 1440,
    isLoaded: LOADED_STATUSES.has(row.status),
    departedAtMs: departed === null ? null : departed.getTime(),
  };
}

/** Of a truck's open manifests, the one the rules follow: a loaded one first, then the newest. */
export function pickManifest(rows: readonly ManifestRow[]): ManifestRow | null {
  let best: ManifestRow | null = null;
  for (const row of rows) {
    if (best === null) {
      best = row;
      continue;
    }
    const loaded = LOADED_STATUSES.has(row.status);
    const bestLoaded = LOADED_STATUSES.has(best.status);
    if (loaded !== bestLoaded ? loaded : row.id > best.id) best = row;
  }
  return best;
}

export class TruckDirectory {
  readonly #byPhone = new Map<string, MonitoredTruck>();
  readonly #byId = new Map<number, MonitoredTruck>();
  /** Open manifests by truck id, then by manifest id. */
  readonly #open = new Map<number, Map<number, ManifestRow>>();
  readonly #allowances = new Map<number, ApprovalAllowance>();
  #readAt: Date | null = null;
  #fullAt = 0;

  /** The truck of a telematics vehicle (by its terminal phone), if it is a waste truck. */
  get(vehicle: VehicleRef): MonitoredTruck | undefined {
    return this.#byPhone.get(vehicle.terminalPhone);
  }

  byId(truckId: number): MonitoredTruck | undefined {
    return this.#byId.get(truckId);
  }

  get size(): number {
    return this.#byPhone.size;
  }

  /** Re-reads everything when `full` or a minute has passed, else the manifests changed since. */
  async refresh(db: Db, options: { full?: boolean; fullEveryMs?: number } = {}): Promise<void> {
    const now = Date.now();
    const isFull =
      options.full === true ||
      this.#readAt === null ||
      now - this.#fullAt >= (options.fullEveryMs ?? 60_000);
    const startedAt = new Date(now - OVERLAP_MS);
    if (isFull) {
      await this.#readTrucks(db);
      this.#open.clear();
      this.#allowances.clear();
      this.#fullAt = now;
    }
    const rows = await readManifests(db, isFull ? null : this.#readAt);
    this.#readAt = startedAt;
    const touched = new Set<number>();
    for (const row of rows) {
      touched.add(row.truckId);
      let byManifest = this.#open.get(row.truckId);
      if (OPEN_STATUSES.has(row.status)) {
        if (byManifest === undefined) {
          byManifest = new Map<number, ManifestRow>();
          this.#open.set(row.truckId, byManifest);
        }
        byManifest.set(row.id, row);
      } else {
        byManifest?.delete(row.id);
      }
    }
    const missing = unique(rows.map((r) => r.approvalId)).filter((id) => !this.#allowances.has(id));
    for (const [id, allowance] of await readApprovalAllowances(db, missing)) {
      this.#allowances.set(id, allowance);
    }
    for (const truckId of isFull ? this.#byId.keys() : touched) this.#applyManifest(truckId);
  }

  async #readTrucks(db: Db): Promise<void> {
    const [trucks, companies] = await Promise.all([listWatchedTrucks(db), readCompanyNames(db)]);
    const seen = new Set<number>();
    for (const t of trucks) {
      if (t.status === 'retired') continue;
      seen.add(t.id);
      const held = this.#byId.get(t.id);
      const truck: MonitoredTruck = held ?? {
        truckId: t.id,
        plate: t.plate,
        companyId: t.companyId,
        companyName: null,
        regionCode: t.regionCode,
        hasCoverSensor: t.hasCoverSensor,
        coverBit: t.coverStatusBit,
        manifest: null,
      };
      // Updated in place: the rules may hold the object between positions.
      truck.plate = t.plate;
      truck.companyId = t.companyId;
      truck.companyName = companies.get(t.companyId) ?? null;
      truck.regionCode = t.regionCode;
      truck.hasCoverSensor = t.hasCoverSensor;
      truck.coverBit = t.coverStatusBit;
      if (held !== undefined && this.#byPhone.get(t.terminalPhone) !== held) {
        for (const [phone, other] of this.#byPhone) if (other === held) this.#byPhone.delete(phone);
      }
      this.#byId.set(t.id, truck);
      this.#byPhone.set(t.terminalPhone, truck);
    }
    for (const [phone, truck] of this.#byPhone) {
      if (!seen.has(truck.truckId)) {
        this.#byPhone.delete(phone);
        this.#byId.delete(truck.truckId);
      }
    }
  }

  #applyManifest(truckId: number): void {
    const truck = this.#byId.get(truckId);
    if (truck === undefined) return;
    const rows = this.#open.get(truckId);
    const row = rows === undefined ? null : pickManifest([...rows.values()]);
    truck.manifest =
      row === null ? null : monitoredManifestOf(row, this.#allowances.get(row.approvalId));
  }
}
