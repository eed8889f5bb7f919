// The extension point for other modules' demo data. A module calls registerDemoSeeder() at
// the top level of its index.ts; seedDemoCity runs each seeder once (a settings row marks it
// done), after the organisation, people and accounts exist, in dependency order.
import type { AppContext } from '../platform/http/context.ts';
import type { Random } from './random.ts';
import type { DemoPlaces } from './places.ts';
import type { BatchPlan } from './batches.ts';

export type DemoScale = 'demo' | 'large';

export interface ProgressReporter {
  /** Starts a progress display of `total` units; `done` is where a resumed run starts. */
  start(label: string, total: number, done: number): { update(done: number): void; stop(): void };
}

export interface DemoSeedContext {
  ctx: AppContext;
  scale: DemoScale;
  /** Districts and communities (the real divisions), to place rows in. */
  places: DemoPlaces;
  /** The deterministic random stream of one row: same (stream, index), same values. */
  random(stream: string, index?: number): Random;
  /** Resumable batched inserts with progress (see batches.ts). */
  runBatches(plan: BatchPlan): Promise<{ inserted: number; seconds: number }>;
  log(message: string): void;
}

export interface DemoSeeder {
  name: string;
  /** Seeders that must run first (by name). */
  dependsOn: readonly string[];
  seed(seed: DemoSeedContext): Promise<void>;
}

const seeders = new Map<string, DemoSeeder>();

/**
 * Adds a module's demo data to the demo city. `seed` runs once per database and scale; it gets
 * the context above and should derive every row from a stream name and an index (random()),
 * so two runs give the same data.
 */
export function registerDemoSeeder(
  name: string,
  seed: DemoSeeder['seed'],
  opts: { dependsOn?: readonly string[] } = {},
) {
  if (!/^[a-z][a-z0-9_-]*$/.test(name)) throw new Error(`bad demo seeder name "${name}"`);
  seeders.set(name, { name, dependsOn: opts.dependsOn ?? [], seed });
}

/** The registered seeders, each after the ones it depends on. */
export function orderedDemoSeeders(): DemoSeeder[] {
  const ordered: DemoSeeder[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (s: DemoSeeder) => {
    const mark = state.get(s.name);
    if (mark === 'done') return;
    if (mark === 'visiting')
      throw new Error(`demo seeders depend on each other in a cycle at ${s.name}`);
    state.set(s.name, 'visiting');
    for (const dep of s.dependsOn) {
      const other = seeders.get(dep);
      if (!other) throw new Error(`demo seeder ${s.name} depends on unknown seeder ${dep}`);
      visit(other);
    }
    state.set(s.name, 'done');
    ordered.push(s);
  };
  for (const s of seeders.values()) visit(s);
  return ordered;
}

/** Removes a seeder (tests). */
export function unregisterDemoSeeder(name: string) {
  seeders.delete(name);
}
