// Position listeners (geofences, rules ...) registered by other modules. Each vehicle's
// positions reach every listener in arrival order, one at a time; vehicles run side by side.
// A listener that throws is logged and counted; ingestion never waits for listeners.
import { listenerDropped, listenerFailures } from './telematics-metrics.ts';
import type { VehiclePosition, VehicleRef } from './vehicle-position.ts';

/** Called once per stored position; may be async (the vehicle's next position waits for it). */
export type PositionListener = (
  vehicle: VehicleRef,
  position: VehiclePosition,
) => void | Promise<void>;

interface RegisteredListener {
  name: string;
  listener: PositionListener;
}

// Replaced, never mutated: a delivery loop keeps iterating the list it started with.
let listeners: readonly RegisteredListener[] = [];

/**
 * Registers a listener for every position stored from now on (TCP and HTTP alike); returns a
 * function that removes it. Blind-area re-sends arrive late and are flagged isBlindArea.
 */
export function onPosition(
  listener: PositionListener,
  options: { name?: string } = {},
): () => void {
  const entry = { name: options.name ?? (listener.name || 'anonymous'), listener };
  listeners = [...listeners, entry];
  return () => {
    listeners = listeners.filter((registered) => registered !== entry);
  };
}

export const hasPositionListeners = () => listeners.length > 0;

interface Lane {
  vehicle: VehicleRef;
  queue: VehiclePosition[];
  head: number;
}

export interface ListenerLog {
  error(obj: object, msg: string): void;
}

/** Delivers positions to the listeners, serialised per vehicle. */
export class ListenerDispatcher {
  readonly #lanes = new Map<number, Lane>();
  readonly #maxPending: number;
  readonly #log: ListenerLog;
  #pending = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(log: ListenerLog, maxPending = 200_000) {
    this.#log = log;
    this.#maxPending = maxPending;
  }

  /** Deliveries queued and not yet done. */
  get pendingCount(): number {
    return this.#pending;
  }

  deliver(vehicle: VehicleRef, position: VehiclePosition): void {
    if (listeners.length === 0) return;
    if (this.#pending >= this.#maxPending) {
      listenerDropped.inc();
      return;
    }
    this.#pending++;
    let lane = this.#lanes.get(vehicle.id);
    if (lane === undefined) {
      lane = { vehicle, queue: [position], head: 0 };
      this.#lanes.set(vehicle.id, lane);
      void this.#run(lane);
      return;
    }
    lane.vehicle = vehicle;
    lane.queue.push(position);
  }

  /** Resolves when every queued delivery is done. */
  async whenIdle(): Promise<void> {
    if (this.#pending === 0) return;
    await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  async #run(lane: Lane): Promise<void> {
    // Yield first, so the caller's loop finishes delivering the batch before listeners run.
    await Promise.resolve();
    while (lane.head < lane.queue.length) {
      const position = lane.queue[lane.head]!;
      lane.queue[lane.head++] = undefined as unknown as VehiclePosition;
      for (const { name, listener } of listeners) {
        try {
          const result = listener(lane.vehicle, position);
          if (result !== undefined) await result;
        } catch (error) {
          listenerFailures.inc({ listener: name });
          this.#log.error(
            { err: error, listener: name, vehicleId: lane.vehicle.id },
            'position listener failed',
          );
        }
      }
      this.#pending--;
      if (lane.head > 1024 && lane.head * 2 > lane.queue.length) {
        lane.queue = lane.queue.slice(lane.head);
        lane.head = 0;
      }
    }
    this.#lanes.delete(lane.vehicle.id);
    if (this.#pending === 0) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }
}
