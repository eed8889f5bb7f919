// The monitor of one application: listens to every stored position (telematics onPosition),
// keeps the fences, the trucks and their manifests, and the settings fresh in memory, runs the
// rules per vehicle and hands their conclusions to the writer. Nothing here waits on the
// database between a position and its rules.
import type { AppContext } from '../../../platform/http/context.ts';
import { counter } from '../../../platform/http/metrics.ts';
import { onPosition, type VehiclePosition, type VehicleRef } from '../../telematics/index.ts';
import { Episode } from './episode.ts';
import { emptyFenceIndex, type FenceIndex } from './fence-index.ts';
import { loadFenceIndex } from './fence-loader.ts';
import { SettingsHolder } from './monitoring-settings.ts';
import { monitoringDb } from './monitoring-tables.ts';
import { RuleEngine } from './rule-engine.ts';
import { TruckDirectory } from './truck-directory.ts';
import { DURATION_RULES, VehicleWatch } from './vehicle-watch.ts';
import { ViolationWriter } from './violation-writer.ts';
import { readFenceRevision } from './waste-reads.ts';

const positionsJudged = counter(
  'citygov_waste_positions_judged_total',
  'Positions of waste trucks run through the monitoring rules',
);
const positionsSkipped = counter(
  'citygov_waste_positions_skipped_total',
  'Positions of waste trucks the rules skipped (older than one already judged)',
);

export interface MonitorTimings {
  /** Manifests changed since the last read (default 2 s). */
  manifestsMs: number;
  /** Fence and route changes (default 5 s). */
  fencesMs: number;
  /** Settings, and the sweep that ends violations of silent vehicles (default 60 s). */
  slowMs: number;
  /** A vehicle silent this long has its ongoing violations ended (default 10 min). */
  silentMs: number;
}

const defaultTimings: MonitorTimings = {
  manifestsMs: 2_000,
  fencesMs: 5_000,
  slowMs: 60_000,
  silentMs: 600_000,
};

type Log = { error(obj: object, msg: string): void; info(obj: object, msg: string): void };

export class WasteMonitor {
  readonly #ctx: AppContext;
  readonly #log: Log;
  readonly #timings: MonitorTimings;
  readonly directory = new TruckDirectory();
  readonly settings = new SettingsHolder();
  readonly writer: ViolationWriter;
  readonly engine: RuleEngine;
  #fences: FenceIndex = emptyFenceIndex;
  readonly #watches = new Map<number, VehicleWatch>();
  /** Violations left ongoing by an earlier run, by `vehicleId:rule`, until the vehicle reports. */
  readonly #resumable = new Map<string, Episode>();
  #stopListening: (() => void) | null = null;
  readonly #timers: NodeJS.Timeout[] = [];
  #refreshing: Promise<void> | null = null;

  constructor(ctx: AppContext, log: Log, timings: Partial<MonitorTimings> = {}) {
    this.#ctx = ctx;
    this.#log = log;
    this.#timings = { ...defaultTimings, ...timings };
    this.writer = new ViolationWriter(ctx, {
      caseRules: () => this.settings.current.caseRules,
      caseJoinMinutes: () => this.settings.current.source.caseJoinMinutes,
      describeParty: (party) => {
        const truck = party.truckId === null ? undefined : this.directory.byId(party.truckId);
        const manifest = truck?.manifest;
        return {
          companyName: truck?.companyName ?? null,
          manifestNo: manifest && manifest.id === party.manifestId ? manifest.manifestNo : null,
        };
      },
      log,
    });
    this.engine = new RuleEngine(
      () => this.#fences,
      () => this.settings.current,
      this.writer,
    );
  }

  get fences(): FenceIndex {
    return this.#fences;
  }

  /** Loads everything, then listens to positions and keeps the memory fresh. */
  async start(): Promise<void> {
    await this.refresh();
    await this.#loadResumable();
    this.#stopListening = onPosition((vehicle, position) => this.handle(vehicle, position), {
      name: 'waste-monitoring',
    });
    const every = (ms: number, task: () => Promise<void>) => {
      const timer = setInterval(() => {
        task().catch((error: unknown) =>
          this.#log.error({ err: error }, 'waste monitoring: refresh failed'),
        );
      }, ms);
      timer.unref();
      this.#timers.push(timer);
    };
    every(this.#timings.manifestsMs, () => this.directory.refresh(this.#ctx.db));
    every(this.#timings.fencesMs, () => this.#refreshFences(false));
    every(this.#timings.slowMs, async () => {
      await this.settings.refresh(this.#ctx.db);
      this.#endSilent(Date.now());
    });
  }

  async stop(): Promise<void> {
    this.#stopListening?.();
    this.#stopListening = null;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
    await this.#refreshing;
    await this.writer.close();
  }

  /** Re-reads settings, fences, trucks and manifests now (tests; after an edit here). */
  async refresh(): Promise<void> {
    const running = (async () => {
      await this.settings.refresh(this.#ctx.db);
      await this.#refreshFences(true);
      await this.directory.refresh(this.#ctx.db, { full: true });
    })();
    this.#refreshing = running.catch(() => {});
    await running;
  }

  /** One position of a vehicle (positions of one vehicle arrive one at a time, in order). */
  handle(vehicle: VehicleRef, position: VehiclePosition): void {
    const truck = this.directory.get(vehicle);
    if (truck === undefined) return; // not a waste truck
    let watch = this.#watches.get(vehicle.id);
    if (watch === undefined) watch = this.#newWatch(vehicle.id);
    if (this.engine.evaluate(watch, vehicle, truck, position)) positionsJudged.inc();
    else positionsSkipped.inc();
  }

  /** The rules' view of a vehicle (tests, the live layer). */
  watchOf(vehicleId: number): VehicleWatch | undefined {
    return this.#watches.get(vehicleId);
  }

  #newWatch(vehicleId: number): VehicleWatch {
    const watch = new VehicleWatch(vehicleId);
    DURATION_RULES.forEach((rule, slot) => {
      const key = `${vehicleId}:${rule}`;
      const episode = this.#resumable.get(key);
      if (episode === undefined) return;
      this.#resumable.delete(key);
      watch.episodes[slot] = episode;
      this.writer.adopt(episode);
    });
    this.#watches.set(vehicleId, watch);
    return watch;
  }

  async #refreshFences(force: boolean): Promise<void> {
    const revision = await readFenceRevision(this.#ctx.db);
    if (!force && revision === this.#fences.revision) return;
    const started = Date.now();
    const index = await loadFenceIndex(this.#ctx.db, revision);
    this.#fences = index;
    if (index.problems.length > 0) {
      this.#log.error(
        { problems: index.problems.slice(0, 20) },
        'waste monitoring: unusable fences left out',
      );
    }
    this.#log.info(
      { fences: index.fences.length, routes: index.routeCount, ms: Date.now() - started },
      'waste monitoring: fence index built',
    );
  }

  /** Ongoing violations stored by an earlier run continue when their vehicle reports again. */
  async #loadResumable(): Promise<void> {
    const rows = await monitoringDb(this.#ctx.db)
      .selectFrom('waste_violations')
      .selectAll()
      .where('ended_at', 'is', null)
      .where('vehicle_id', 'is not', null)
      .where('rule', 'in', [...DURATION_RULES])
      .execute();
    const now = Date.now();
    for (const row of rows) {
      const evidence = row.evidence;
      const episode = new Episode(
        row.rule,
        {
          truckId: row.truck_id,
          vehicleId: row.vehicle_id,
          plate: row.plate,
          companyId: row.company_id,
          regionCode: row.region_code,
          manifestId: row.manifest_id === null ? null : Number(row.manifest_id),
        },
        row.started_at.getTime(),
        row,
        { ...evidence.facts },
      );
      for (const p of evidence.positions as Parameters<Episode['add']>[0][]) episode.add(p);
      episode.count = evidence.positionCount;
      episode.dbId = Number(row.id);
      episode.isDirty = false;
      const last = (evidence.positions.at(-1) as { recordedAt?: string } | undefined)?.recordedAt;
      episode.lastTrueMs = last ? Date.parse(last) : row.started_at.getTime();
      this.#resumable.set(`${row.vehicle_id}:${row.rule}`, episode);
    }
    // A vehicle that never reports again has them ended by the silence sweep.
    for (const vehicleId of new Set(rows.map((row) => row.vehicle_id!))) {
      if (!this.#watches.has(vehicleId)) this.#newWatch(vehicleId).lastSeenWallMs = now;
    }
  }

  #endSilent(wallMs: number): void {
    for (const watch of this.#watches.values()) {
      if (watch.hasOngoing && wallMs - watch.lastSeenWallMs >= this.#timings.silentMs) {
        this.engine.endSilent(watch);
      }
    }
  }
}
