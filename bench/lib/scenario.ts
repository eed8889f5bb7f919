// The shape of a benchmark scenario: bench/scenarios/<name>.ts exports one, and
// bench/scenarios/index.ts lists it.
import type { BenchOptions } from './options.ts';
import type { ScenarioOutcome } from './report.ts';

/** Scenarios measure; the runner relates their figures to pgbench afterwards. */
export interface ScenarioContext {
  options: BenchOptions;
  log: (message: string) => void;
}

export interface Scenario {
  name: string;
  description: string;
  run(ctx: ScenarioContext): Promise<ScenarioOutcome>;
}
