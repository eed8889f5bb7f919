// Stores what the rules conclude, off the position path: fence events in batches, violations
// one at a time in the order they happened (open, evidence updates, close), and cases in a
// queue of their own so a slow case intake never holds back the violations. The rules only
// enqueue; a failed write is logged, counted and retried on the next turn.
import type { WasteViolationRule } from '@citygov/contracts';
import { sql } from 'kysely';
import type { AppContext } from '../../../platform/http/context.ts';
import { counter } from '../../../platform/http/metrics.ts';
import type { Episode } from './episode.ts';
import { monitoringDb, type StoredEvidence } from './monitoring-tables.ts';
import type { RuleSink } from './rule-engine.ts';
import { openViolationCase, type CaseSubject } from './violation-cases.ts';
import type { FenceEventRecord, InstantViolation, ViolationParty } from './watch-types.ts';

const violationsOpened = counter(
  'citygov_waste_violations_total',
  'Violations detected by the waste monitoring, by rule',
  ['rule'],
);
const writeFailures = counter(
  'citygov_waste_monitoring_write_failures_total',
  'Monitoring writes that failed (retried), by kind',
  ['kind'],
);
const fenceEventsStored = counter(
  'citygov_waste_fence_events_total',
  'Geofence enter and exit events stored',
);

const FENCE_BATCH_ROWS = 500;
const FENCE_FLUSH_MS = 500;
const EVIDENCE_SAVE_MS = 15_000;
const RETRY_MS = 2_000;

type Op =
  | { kind: 'open'; episode: Episode }
  | { kind: 'close'; episode: Episode }
  | { kind: 'save'; episode: Episode }
  | { kind: 'instant'; violation: InstantViolation };

export interface WriterOptions {
  /** Which rules open cases and how long a case may be joined (the settings in force). */
  caseRules: () => ReadonlySet<WasteViolationRule>;
  caseJoinMinutes: () => number;
  /** Company names and manifest numbers for case descriptions. */
  describeParty: (party: ViolationParty) => {
    companyName: string | null;
    manifestNo: string | null;
  };
  log: { error(obj: object, msg: string): void };
}

export interface StoredViolation {
  id: number;
  rule: WasteViolationRule;
  party: ViolationParty;
  startedAt: Date;
  lat: number;
  lon: number;
}

export class ViolationWriter implements RuleSink {
  readonly #ctx: AppContext;
  readonly #options: WriterOptions;
  #fenceBuffer: FenceEventRecord[] = [];
  #fenceTimer: NodeJS.Timeout | null = null;
  #fenceFlushing: Promise<void> = Promise.resolve();
  readonly #ops: Op[] = [];
  #opsRunning: Promise<void> | null = null;
  readonly #cases: StoredViolation[] = [];
  #casesRunning: Promise<void> | null = null;
  /** Ongoing episodes, for periodic evidence saves. */
  readonly #ongoing = new Set<Episode>();
  readonly #saveTimer: NodeJS.Timeout;
  #isClosed = false;
  /** Told of each violation once stored (tests, live screens). */
  onStored: ((violation: StoredViolation) => void) | null = null;

  constructor(ctx: AppContext, options: WriterOptions) {
    this.#ctx = ctx;
    this.#options = options;
    this.#saveTimer = setInterval(() => this.#saveOngoing(), EVIDENCE_SAVE_MS);
    this.#saveTimer.unref();
  }

  // ---- RuleSink ----

  fenceEvent(event: FenceEventRecord): void {
    this.#fenceBuffer.push(event);
    if (this.#fenceBuffer.length >= FENCE_BATCH_ROWS) void this.#flushFences();
    else if (this.#fenceTimer === null) {
      this.#fenceTimer = setTimeout(() => void this.#flushFences(), FENCE_FLUSH_MS);
      this.#fenceTimer.unref();
    }
  }

  opened(episode: Episode): void {
    violationsOpened.inc({ rule: episode.rule });
    this.#ongoing.add(episode);
    this.#enqueue({ kind: 'open', episode });
  }

  closed(episode: Episode): void {
    this.#ongoing.delete(episode);
    this.#enqueue({ kind: 'close', episode });
  }

  instant(violation: InstantViolation): void {
    violationsOpened.inc({ rule: violation.rule });
    this.#enqueue({ kind: 'instant', violation });
  }

  /** Adopts an ongoing violation stored before (a restart): saves and closes go to its row. */
  adopt(episode: Episode): void {
    this.#ongoing.add(episode);
  }

  // ---- draining ----

  /** Resolves when everything enqueued so far is stored (cases included). */
  async drain(): Promise<void> {
    for (;;) {
      if (this.#fenceTimer !== null) {
        clearTimeout(this.#fenceTimer);
        this.#fenceTimer = null;
      }
      await this.#flushFences();
      await this.#opsRunning;
      await this.#casesRunning;
      if (
        this.#fenceBuffer.length === 0 &&
        this.#ops.length === 0 &&
        this.#cases.length === 0 &&
        this.#opsRunning === null &&
        this.#casesRunning === null
      ) {
        return;
      }
    }
  }

  async close(): Promise<void> {
    this.#isClosed = true;
    clearInterval(this.#saveTimer);
    for (const episode of this.#ongoing)
      if (episode.isDirty) this.#enqueue({ kind: 'save', episode });
    await this.drain();
  }

  #saveOngoing(): void {
    for (const episode of this.#ongoing) {
      if (episode.isDirty && episode.dbId !== null) this.#enqueue({ kind: 'save', episode });
    }
  }

  #enqueue(op: Op): void {
    this.#ops.push(op);
    this.#opsRunning ??= this.#runOps().finally(() => {
      this.#opsRunning = null;
    });
  }

  async #runOps(): Promise<void> {
    while (this.#ops.length > 0) {
      const op = this.#ops[0]!;
      try {
        await this.#apply(op);
        this.#ops.shift();
      } catch (error) {
        writeFailures.inc({ kind: op.kind });
        this.#options.log.error({ err: error, op: op.kind }, 'waste monitoring: write failed');
        if (this.#isClosed) {
          this.#ops.shift(); // shutting down: log it and go on rather than loop
        } else {
          await new Promise((resolve) => setTimeout(resolve, RETRY_MS).unref());
        }
      }
    }
  }

  async #apply(op: Op): Promise<void> {
    switch (op.kind) {
      case 'open':
        return this.#insertEpisode(op.episode);
      case 'save':
        if (op.episode.dbId !== null && op.episode.isDirty) await this.#updateEpisode(op.episode);
        return;
      case 'close':
        if (op.episode.dbId === null) await this.#insertEpisode(op.episode);
        await this.#updateEpisode(op.episode);
        return;
      case 'instant':
        return this.#insertInstant(op.violation);
    }
  }

  async #insertEpisode(episode: Episode): Promise<void> {
    const db = monitoringDb(this.#ctx.db);
    const { party } = episode;
    const evidence = episode.evidence();
    episode.isDirty = false;
    const inserted = await db
      .insertInto('waste_violations')
      .values({
        region_code: party.regionCode,
        rule: episode.rule,
        truck_id: party.truckId,
        vehicle_id: party.vehicleId,
        plate: party.plate,
        company_id: party.companyId,
        manifest_id: party.manifestId,
        started_at: new Date(episode.startedMs),
        ended_at: null,
        lat: episode.lat,
        lon: episode.lon,
        evidence: JSON.stringify(evidence),
      })
      .onConflict((oc) =>
        oc.columns(['vehicle_id', 'rule']).where('ended_at', 'is', null).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (inserted !== undefined) {
      episode.dbId = Number(inserted.id);
      this.#stored(
        episode.dbId,
        episode.rule,
        party,
        new Date(episode.startedMs),
        episode.lat,
        episode.lon,
      );
      return;
    }
    // Still ongoing from before (another process, or before a restart): continue that row.
    const existing = await db
      .selectFrom('waste_violations')
      .select(['id', 'case_id'])
      .where('vehicle_id', '=', party.vehicleId)
      .where('rule', '=', episode.rule)
      .where('ended_at', 'is', null)
      .executeTakeFirstOrThrow();
    episode.dbId = Number(existing.id);
    episode.isDirty = true;
  }

  async #updateEpisode(episode: Episode): Promise<void> {
    const evidence: StoredEvidence = episode.evidence();
    episode.isDirty = false;
    await monitoringDb(this.#ctx.db)
      .updateTable('waste_violations')
      .set({
        evidence: JSON.stringify(evidence),
        ended_at: episode.isOngoing ? null : new Date(episode.endedMs),
        updated_at: new Date(),
      })
      .where('id', '=', episode.dbId!)
      .execute();
  }

  async #insertInstant(violation: InstantViolation): Promise<void> {
    const { party } = violation;
    const at = new Date(violation.atMs);
    const row = await monitoringDb(this.#ctx.db)
      .insertInto('waste_violations')
      .values({
        region_code: party.regionCode,
        rule: violation.rule,
        truck_id: party.truckId,
        vehicle_id: party.vehicleId,
        plate: party.plate,
        company_id: party.companyId,
        manifest_id: party.manifestId,
        started_at: at,
        ended_at: at,
        lat: violation.lat,
        lon: violation.lon,
        evidence: JSON.stringify({
          positions: violation.positions,
          positionCount: violation.positions.length,
          facts: violation.facts,
        }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    this.#stored(Number(row.id), violation.rule, party, at, violation.lat, violation.lon);
  }

  #stored(
    id: number,
    rule: WasteViolationRule,
    party: ViolationParty,
    startedAt: Date,
    lat: number,
    lon: number,
  ): void {
    const stored = { id, rule, party, startedAt, lat, lon };
    this.onStored?.(stored);
    if (this.#options.caseRules().has(rule)) this.queueCase(stored);
  }

  /** Opens the case of a stored violation (also used by the checkpoint and arrival checks). */
  queueCase(violation: StoredViolation): void {
    this.#cases.push(violation);
    this.#casesRunning ??= this.#runCases().finally(() => {
      this.#casesRunning = null;
    });
  }

  async #runCases(): Promise<void> {
    while (this.#cases.length > 0) {
      const violation = this.#cases.shift()!;
      const described = this.#options.describeParty(violation.party);
      const subject: CaseSubject = {
        id: violation.id,
        rule: violation.rule,
        truckId: violation.party.truckId,
        plate: violation.party.plate,
        companyName: described.companyName,
        manifestNo: described.manifestNo,
        startedAt: violation.startedAt,
        lat: violation.lat,
        lon: violation.lon,
      };
      try {
        await openViolationCase(this.#ctx, subject, this.#options.caseJoinMinutes());
      } catch (error) {
        writeFailures.inc({ kind: 'case' });
        this.#options.log.error(
          { err: error, violationId: violation.id },
          'waste monitoring: case not opened',
        );
      }
    }
  }

  async #flushFences(): Promise<void> {
    if (this.#fenceTimer !== null) {
      clearTimeout(this.#fenceTimer);
      this.#fenceTimer = null;
    }
    const previous = this.#fenceFlushing;
    const flushing = previous.then(async () => {
      const batch = this.#fenceBuffer;
      if (batch.length === 0) return;
      this.#fenceBuffer = [];
      try {
        await this.#insertFenceEvents(batch);
        fenceEventsStored.inc(batch.length);
      } catch (error) {
        writeFailures.inc({ kind: 'fence_events' });
        this.#options.log.error(
          { err: error, rows: batch.length },
          'waste monitoring: fence events not stored',
        );
        if (!this.#isClosed) {
          this.#fenceBuffer = [...batch, ...this.#fenceBuffer];
          this.#fenceTimer ??= setTimeout(() => void this.#flushFences(), RETRY_MS);
          this.#fenceTimer.unref();
        }
      }
    });
    this.#fenceFlushing = flushing;
    await flushing;
  }

  async #insertFenceEvents(batch: FenceEventRecord[]): Promise<void> {
    // One statement whatever the row count (arrays bind as ten parameters).
    const column = <T>(pick: (e: FenceEventRecord) => T) => batch.map(pick);
    await sql`
      INSERT INTO waste_fence_events (region_code, vehicle_id, truck_id, fence_kind, fence_id,
        event, at, lat, lon, is_loaded)
      SELECT * FROM unnest(${column((e) => e.regionCode)}::text[], ${column((e) => e.vehicleId)}::int4[],
        ${column((e) => e.truckId)}::int4[], ${column((e) => e.fenceKind)}::text[],
        ${column((e) => e.fenceId)}::int4[], ${column((e) => e.event)}::text[],
        ${column((e) => new Date(e.atMs).toISOString())}::timestamptz[],
        ${column((e) => e.lat)}::float8[], ${column((e) => e.lon)}::float8[],
        ${column((e) => e.isLoaded)}::bool[])`.execute(this.#ctx.db);
  }
}
