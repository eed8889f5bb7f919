// One ongoing violation of a duration rule (off route, dumping, banned hours, speeding, cover
// open): from when its condition held long enough until it has been false for a while. The
// positions it saw are kept as evidence: the first few and the latest few, whatever its length.
import type { EvidencePosition, WasteViolationRule } from '@citygov/contracts';
import type { VehiclePosition } from '../../telematics/index.ts';
import { toEvidence, type ViolationParty } from './watch-types.ts';

const HEAD = 10;
const TAIL = 20;

export class Episode {
  readonly rule: WasteViolationRule;
  readonly party: ViolationParty;
  readonly startedMs: number;
  readonly lat: number;
  readonly lon: number;
  readonly facts: Record<string, unknown>;
  lastTrueMs: number;
  /** When the condition was first seen false again (NaN while it holds). */
  firstFalseMs = Number.NaN;
  endedMs = Number.NaN;
  /** The highest value seen (speed for overspeed); NaN when the rule has none. */
  peak = Number.NaN;
  count = 0;
  // Stored evidence (a violation resumed after a restart) or positions seen since.
  readonly #head: Array<VehiclePosition | EvidencePosition> = [];
  readonly #tail: Array<VehiclePosition | EvidencePosition> = [];
  #tailNext = 0;
  /** The stored row, once the writer has inserted it. */
  dbId: number | null = null;
  /** Evidence changed since the writer last saved it. */
  isDirty = true;

  constructor(
    rule: WasteViolationRule,
    party: ViolationParty,
    startedMs: number,
    first: { lat: number; lon: number },
    facts: Record<string, unknown>,
  ) {
    this.rule = rule;
    this.party = party;
    this.startedMs = startedMs;
    this.lastTrueMs = startedMs;
    this.lat = first.lat;
    this.lon = first.lon;
    this.facts = facts;
  }

  get isOngoing(): boolean {
    return Number.isNaN(this.endedMs);
  }

  /** Keeps a position as evidence (no copy: positions are never mutated). */
  add(position: VehiclePosition | EvidencePosition): void {
    this.count++;
    this.isDirty = true;
    if (this.#head.length < HEAD) {
      this.#head.push(position);
      return;
    }
    if (this.#tail.length < TAIL) this.#tail.push(position);
    else this.#tail[this.#tailNext] = position;
    this.#tailNext = (this.#tailNext + 1) % TAIL;
  }

  /** The evidence as stored: positions in device-time order, their count, the facts. */
  evidence() {
    const tail =
      this.#tail.length < TAIL
        ? this.#tail
        : [...this.#tail.slice(this.#tailNext), ...this.#tail.slice(0, this.#tailNext)];
    const facts: Record<string, unknown> = { ...this.facts };
    if (!Number.isNaN(this.peak)) facts.peak = this.peak;
    return {
      positions: [...this.#head, ...tail].map((p) =>
        typeof p.recordedAt === 'string'
          ? (p as EvidencePosition)
          : toEvidence(p as VehiclePosition),
      ),
      positionCount: this.count,
      facts,
    };
  }
}
