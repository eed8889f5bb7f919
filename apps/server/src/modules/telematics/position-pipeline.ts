// Positions from the gateway and from HTTP, stored in batches: a flush starts when batchRows
// are buffered or batchMs after the first one, and stores up to flushMaxRows in ONE insert.
// When a batch is committed (batches complete in order) its submitters are told, the latest
// positions move on, and the listeners get each position, in order per vehicle.
import { setTimeout as sleep } from 'node:timers/promises';
import { CompiledQuery } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import { LatestPositions } from './latest-positions.ts';
import {
  binaryPositionParameters,
  insertPositionsBinaryStatement,
  insertPositionsStatement,
  positionParameters,
} from './position-rows.ts';
import { ListenerDispatcher } from './position-listeners.ts';
import { beijingDayNumber, isMissingPartitionError, PartitionKeeper } from './partitions.ts';
import type { TelematicsSettings } from './settings.ts';
import {
  flushDuration,
  flushRetries,
  gaugeSources,
  positionsFailed,
  positionsStored,
} from './telematics-metrics.ts';
import type { VehiclePosition, VehicleRef } from './vehicle-position.ts';

/** Told once every position of a submission is stored (null) or could not be (the error). */
export type StoredCallback = (error: Error | null) => void;

interface Submission {
  remaining: number;
  error: Error | null;
  done: StoredCallback | null;
}

interface Entry {
  vehicle: VehicleRef;
  position: VehiclePosition;
  submission: Submission;
}

export interface PipelineLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type PipelineSettings = Pick<
  TelematicsSettings,
  | 'batchRows'
  | 'batchMs'
  | 'flushMaxRows'
  | 'flushConcurrency'
  | 'bufferHighWaterRows'
  | 'latestFlushMs'
> &
  Partial<Pick<TelematicsSettings, 'isBinaryParameters'>>;

const MAX_ATTEMPTS = 3;

export class PipelineClosedError extends Error {
  override name = 'PipelineClosedError';
}

export class PositionPipeline {
  readonly #db: Db;
  readonly #settings: PipelineSettings;
  readonly #log: PipelineLog;
  readonly #partitions: PartitionKeeper;
  readonly latest = new LatestPositions();
  readonly #dispatcher: ListenerDispatcher;
  #buffer: Entry[] = [];
  #inFlightRows = 0;
  #inFlight = 0;
  #completion: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | null = null;
  /** The oldest buffered row has waited batchMs (or a flush was asked for). */
  #isDue = false;
  readonly #latestTimer: NodeJS.Timeout;
  #isOverloaded = false;
  readonly #pressureListeners = new Set<(isOverloaded: boolean) => void>();
  #isClosed = false;
  readonly #readBuffered = () => this.bufferedCount;
  readonly #readPending = () => this.#dispatcher.pendingCount;

  constructor(db: Db, settings: PipelineSettings, log: PipelineLog) {
    this.#db = db;
    this.#settings = settings;
    this.#log = log;
    this.#partitions = new PartitionKeeper(db);
    this.#dispatcher = new ListenerDispatcher(log);
    this.#latestTimer = setInterval(() => void this.#writeLatest(), settings.latestFlushMs);
    this.#latestTimer.unref();
    gaugeSources.bufferedPositions.add(this.#readBuffered);
    gaugeSources.pendingDeliveries.add(this.#readPending);
  }

  /** Positions accepted and not yet stored. */
  get bufferedCount(): number {
    return this.#buffer.length + this.#inFlightRows;
  }

  /** Above the high-water mark: sources should stop reading until it clears. */
  get isOverloaded(): boolean {
    return this.#isOverloaded;
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** Called with true when the buffer passes the high-water mark, false when it is half empty. */
  onPressure(listener: (isOverloaded: boolean) => void): () => void {
    this.#pressureListeners.add(listener);
    return () => this.#pressureListeners.delete(listener);
  }

  /** Queues one vehicle's positions (in order); `done` is told when all are stored. */
  submit(vehicle: VehicleRef, positions: readonly VehiclePosition[], done?: StoredCallback): void {
    if (this.#isClosed) throw new PipelineClosedError('the position pipeline is closed');
    if (positions.length === 0) {
      done?.(null);
      return;
    }
    const submission: Submission = { remaining: positions.length, error: null, done: done ?? null };
    for (const position of positions) this.#buffer.push({ vehicle, position, submission });
    this.#afterAdd();
  }

  /** submit() for several vehicles at once, resolved when every position is stored. */
  async store(groups: ReadonlyArray<{ vehicle: VehicleRef; positions: VehiclePosition[] }>) {
    if (this.#isClosed) throw new PipelineClosedError('the position pipeline is closed');
    const total = groups.reduce((n, group) => n + group.positions.length, 0);
    if (total === 0) return;
    await new Promise<void>((resolve, reject) => {
      const submission: Submission = {
        remaining: total,
        error: null,
        done: (error) => (error ? reject(error) : resolve()),
      };
      for (const { vehicle, positions } of groups) {
        for (const position of positions) this.#buffer.push({ vehicle, position, submission });
      }
      // A caller waiting on its batch (HTTP) was batched by its sender: no need to wait batchMs.
      this.#isDue = true;
      this.#afterAdd();
    });
  }

  /** Stores everything buffered and writes the latest positions. */
  async flush(): Promise<void> {
    for (;;) {
      this.#isDue = true;
      this.#pump();
      if (this.#buffer.length === 0 && this.#inFlight === 0) break;
      await this.#completion;
    }
    await this.#completion;
    await this.#writeLatest();
  }

  /** Resolves when the listeners have seen every stored position. */
  whenListenersIdle(): Promise<void> {
    return this.#dispatcher.whenIdle();
  }

  /** Refuses new positions, stores the buffered ones, lets listeners finish (up to a limit). */
  async close(listenerGraceMs = 5000): Promise<void> {
    if (this.#isClosed) return;
    this.#isClosed = true;
    try {
      await this.flush();
    } finally {
      if (this.#timer !== null) clearTimeout(this.#timer);
      clearInterval(this.#latestTimer);
      gaugeSources.bufferedPositions.delete(this.#readBuffered);
      gaugeSources.pendingDeliveries.delete(this.#readPending);
    }
    const grace = sleep(listenerGraceMs, undefined, { ref: false });
    await Promise.race([this.#dispatcher.whenIdle(), grace]);
  }

  #afterAdd(): void {
    this.#updatePressure();
    this.#pump();
  }

  /** Starts the flushes that are due (a full batch, or the oldest row waited batchMs). */
  #pump(): void {
    const { batchRows, batchMs, flushConcurrency } = this.#settings;
    while (
      this.#buffer.length > 0 &&
      this.#inFlight < flushConcurrency &&
      (this.#isDue || this.#buffer.length >= batchRows)
    ) {
      this.#startFlush();
    }
    if (this.#buffer.length === 0) {
      this.#isDue = false;
      if (this.#timer !== null) clearTimeout(this.#timer);
      this.#timer = null;
    } else if (this.#timer === null && !this.#isDue) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#isDue = true;
        this.#pump();
      }, batchMs);
    }
  }

  #startFlush(): void {
    const take = Math.min(this.#buffer.length, this.#settings.flushMaxRows);
    let batch: Entry[];
    if (take === this.#buffer.length) {
      batch = this.#buffer;
      this.#buffer = [];
    } else {
      batch = this.#buffer.slice(0, take);
      this.#buffer = this.#buffer.slice(take);
    }
    this.#inFlight++;
    this.#inFlightRows += batch.length;
    const storing = this.#storeWithRetries(batch);
    // Batches complete in the order they started, whatever order their commits land in.
    this.#completion = this.#completion
      .then(() => storing)
      .then((error) => this.#complete(batch, error));
    void storing.then(() => {
      this.#inFlight--;
      this.#inFlightRows -= batch.length;
      this.#updatePressure();
      this.#pump();
    });
  }

  async #storeWithRetries(batch: Entry[]): Promise<Error | null> {
    for (let attempt = 1; ; attempt++) {
      const stopTimer = flushDuration.startTimer();
      try {
        await this.#insert(batch);
        stopTimer();
        return null;
      } catch (caught) {
        const error = caught instanceof Error ? caught : new Error(String(caught));
        if (isMissingPartitionError(error)) this.#partitions.forget();
        if (attempt >= MAX_ATTEMPTS) {
          this.#log.error({ err: error, rows: batch.length }, 'positions could not be stored');
          return error;
        }
        flushRetries.inc();
        this.#log.warn({ err: error, attempt, rows: batch.length }, 'storing positions: retrying');
        await sleep(200 * attempt);
      }
    }
  }

  async #insert(batch: Entry[]): Promise<void> {
    const days = new Set<number>();
    const positions = new Array<VehiclePosition>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const position = batch[i]!.position;
      positions[i] = position;
      days.add(beijingDayNumber(position.recordedAt.getTime()));
    }
    await this.#partitions.ensure(days);
    // One statement whatever the row count: arrays bind as 14 parameters, not 14 per row.
    const query = this.#settings.isBinaryParameters
      ? CompiledQuery.raw(insertPositionsBinaryStatement, binaryPositionParameters(positions))
      : CompiledQuery.raw(insertPositionsStatement, positionParameters(positions));
    await this.#db.executeQuery(query);
  }

  #complete(batch: Entry[], error: Error | null): void {
    if (error !== null) positionsFailed.inc(batch.length);
    let jt808 = 0;
    for (const { vehicle, position, submission } of batch) {
      if (error === null) {
        if (position.source === 'jt808') jt808++;
        this.latest.update(position);
        this.#dispatcher.deliver(vehicle, position);
      } else {
        submission.error ??= error;
      }
      if (--submission.remaining === 0 && submission.done !== null) {
        try {
          submission.done(submission.error);
        } catch (thrown) {
          this.#log.error({ err: thrown }, 'a position submitter failed');
        }
      }
    }
    if (error === null) {
      if (jt808 > 0) positionsStored.inc({ source: 'jt808' }, jt808);
      if (batch.length > jt808) positionsStored.inc({ source: 'http' }, batch.length - jt808);
    }
  }

  #updatePressure(): void {
    const buffered = this.bufferedCount;
    const high = this.#settings.bufferHighWaterRows;
    let isOverloaded = this.#isOverloaded;
    if (!isOverloaded && buffered >= high) isOverloaded = true;
    else if (isOverloaded && buffered <= high / 2) isOverloaded = false;
    if (isOverloaded === this.#isOverloaded) return;
    this.#isOverloaded = isOverloaded;
    for (const listener of this.#pressureListeners) listener(isOverloaded);
  }

  async #writeLatest(): Promise<void> {
    try {
      await this.latest.write(this.#db);
    } catch (error) {
      this.#log.error({ err: error }, 'latest positions could not be written');
    }
  }
}
