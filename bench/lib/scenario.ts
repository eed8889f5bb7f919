// The shape of a benchmark scenario: bench/scenarios/<name>.ts exports one, and
// bench/scenarios/index.ts lists it.
import type { BenchOptions } from './options.ts';
import type { ReferenceResult } from './reference.ts';
import type { ScenarioReport } from './report.ts';

export interface ScenarioContext {
  options: BenchOptions;
  /** pgbench's figure measured at the start of this run, for ratios. */
  reference: ReferenceResult;
  log: (message: string) => void;
}

export interface Scenario {
  name: string;
  description: string;
  run(ctx: ScenarioContext): Promise<ScenarioReport>;
}
