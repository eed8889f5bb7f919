// The demo city: the real divisions, the department catalogue, thousands of fictional persons,
// a few enterprises, the demo accounts, then every module's registered demo data; with
// scale 'large', a million more persons (resumable) for benchmarks. Deterministic throughout.
import { sql } from 'kysely';
import type { AppContext } from '../platform/http/context.ts';
import type { Db } from '../platform/db/database.ts';
import { hashPassword } from '../platform/auth/passwords.ts';
import { loadDepartments, loadDivisions } from '../platform/org/org-loader.ts';
import {
  DEMO_CITIZENS,
  DEMO_PASSWORD,
  insertDemoCitizens,
  insertDemoEnterpriseAccount,
  insertDemoStaff,
} from './accounts.ts';
import { runBatches, type BatchPlan } from './batches.ts';
import { demoEnterprise } from './enterprises.ts';
import { demoPerson, insertPersons, LARGE_PERSON_BASE, PERSON_CAPACITY } from './persons.ts';
import { loadDemoPlaces, type DemoPlaces } from './places.ts';
import { randomFor } from './random.ts';
import {
  orderedDemoSeeders,
  type DemoScale,
  type DemoSeedContext,
  type ProgressReporter,
} from './registry.ts';
import { readSetting, writeSetting } from './settings.ts';
import { demoStaffSpecs } from './staff.ts';

export const SEEDED_KEY = 'demo.seeded';
const SEED_LOCK = 7_402_120; // advisory lock: one seeding process at a time

export interface SeedOptions {
  scale?: DemoScale;
  /** Persons of the demo city (default 5,000). */
  demoPersons?: number;
  /** Persons added by the large scale (default 1,000,000). */
  largePersons?: number;
  batchSize?: number;
  /** Batches written at once in the large scale (default 2 on PostgreSQL, 1 on PGlite). */
  concurrency?: number;
  /** Which registered module seeders run (by name); all of them by default. */
  seeders?: readonly string[];
  log?: (message: string) => void;
  progress?: ProgressReporter;
  signal?: AbortSignal;
}

export interface SeedReport {
  isCoreSeeded: boolean;
  demo: CoreCounts | undefined;
  large: { inserted: number; done: number; seconds: number; rowsPerSecond: number } | undefined;
  seeders: string[];
}

interface CoreCounts {
  divisions: number;
  departments: number;
  persons: number;
  enterprises: number;
  staff: number;
  citizens: number;
}

export const DEMO_PERSONS = 5_000;
export const DEMO_ENTERPRISES = 12;
export const LARGE_PERSONS = 1_000_000;

/** A progress reporter that only logs start and end (the server's first start). */
export const logProgress = (log: (message: string) => void): ProgressReporter => ({
  start(label, total, done) {
    const started = performance.now();
    log(`${label}: ${done.toLocaleString('en')} of ${total.toLocaleString('en')} done, going on`);
    let last = done;
    return {
      update(n) {
        last = n;
      },
      stop() {
        log(
          `${label}: ${last.toLocaleString('en')} done in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
      },
    };
  },
});

/** Whether the demo city's core (organisation, people, accounts) is loaded. */
export async function isDemoSeeded(db: Db): Promise<boolean> {
  return (await readSetting(db, SEEDED_KEY)) !== undefined;
}

/**
 * Loads the demo city; idempotent: the core runs once (settings 'demo.seeded'), each module
 * seeder once per scale, and the large scale continues from its recorded progress.
 */
export async function seedDemoCity(ctx: AppContext, opts: SeedOptions = {}): Promise<SeedReport> {
  const log = opts.log ?? (() => {});
  const progress = opts.progress ?? logProgress(log);
  const scale = opts.scale ?? 'demo';
  const report: SeedReport = {
    isCoreSeeded: false,
    demo: undefined,
    large: undefined,
    seeders: [],
  };
  if (!(await isDemoSeeded(ctx.db))) {
    const started = performance.now();
    report.demo = await seedCore(ctx, opts.demoPersons ?? DEMO_PERSONS, log);
    report.isCoreSeeded = report.demo !== undefined;
    if (report.demo) {
      log(
        `demo city loaded in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(report.demo)}`,
      );
    }
  }
  const places = await loadDemoPlaces(ctx.db);
  if (scale === 'large') {
    report.large = await seedLargePersons(ctx, places, progress, opts);
  }
  const seedContext: DemoSeedContext = {
    ctx,
    scale,
    places,
    random: randomFor,
    runBatches: <T>(plan: BatchPlan<T>) =>
      runBatches(ctx.db, progress, { signal: opts.signal, ...plan }),
    log,
  };
  const chosen = orderedDemoSeeders().filter((s) => !opts.seeders || opts.seeders.includes(s.name));
  for (const seeder of chosen) {
    const key =
      scale === 'demo' ? `demo.seeder.${seeder.name}` : `demo.large.seeder.${seeder.name}`;
    if ((await readSetting(ctx.db, key)) !== undefined) continue;
    opts.signal?.throwIfAborted();
    const started = performance.now();
    log(`demo data: ${seeder.name} (${scale})`);
    await seeder.seed(seedContext);
    await writeSetting(ctx.db, key, { at: new Date().toISOString() });
    log(`demo data: ${seeder.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    report.seeders.push(seeder.name);
  }
  return report;
}

/** The organisation, persons, enterprises and accounts, in one transaction. */
async function seedCore(
  ctx: AppContext,
  personCount: number,
  log: (message: string) => void,
): Promise<CoreCounts | undefined> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return ctx.db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${SEED_LOCK})`.execute(trx);
    if (await isDemoSeeded(trx)) return undefined; // another process did it meanwhile
    log('loading the demo city: divisions');
    const divisions = await loadDivisions(trx);
    const departments = await loadDepartments(trx);
    const places = await loadDemoPlaces(trx);
    log(`loading the demo city: ${divisions} divisions, ${departments} departments; persons`);
    const persons = Array.from({ length: personCount }, (_, i) => demoPerson(i, places));
    let insertedPersons = 0;
    for (let i = 0; i < persons.length; i += 1000) {
      insertedPersons += await insertPersons(trx, ctx.cipher, persons.slice(i, i + 1000));
    }
    const enterprises = Array.from({ length: DEMO_ENTERPRISES }, (_, i) =>
      demoEnterprise(i, places),
    );
    await trx
      .insertInto('enterprises')
      .values(
        enterprises.map((e) => ({
          region_code: e.regionCode,
          name: e.name,
          uscc: e.uscc,
          legal_representative: e.legalRepresentative,
        })),
      )
      .onConflict((oc) => oc.column('uscc').doNothing())
      .execute();
    log('loading the demo city: accounts');
    const staff = await insertDemoStaff(trx, demoStaffSpecs(places.districts), passwordHash);
    const citizens = await insertDemoCitizens(
      trx,
      passwordHash,
      persons.slice(0, DEMO_CITIZENS).map((p) => ctx.cipher.blindIndex(p.idNumber)),
    );
    const enterpriseAccounts = await insertDemoEnterpriseAccount(
      trx,
      passwordHash,
      enterprises[0]!.uscc,
    );
    const counts: CoreCounts = {
      divisions,
      departments,
      persons: insertedPersons,
      enterprises: enterprises.length,
      staff,
      citizens: citizens + enterpriseAccounts,
    };
    await writeSetting(trx, SEEDED_KEY, { at: new Date().toISOString(), ...counts });
    return counts;
  });
}

/** The large scale's persons: resumable batches of generated, encrypted persons. */
async function seedLargePersons(
  ctx: AppContext,
  places: DemoPlaces,
  progress: ProgressReporter,
  opts: SeedOptions,
) {
  const total = opts.largePersons ?? LARGE_PERSONS;
  if (total > PERSON_CAPACITY - LARGE_PERSON_BASE) {
    throw new RangeError(`at most ${PERSON_CAPACITY - LARGE_PERSON_BASE} large-scale persons`);
  }
  const result = await runBatches(ctx.db, progress, {
    key: 'large.persons',
    label: 'persons',
    total,
    batchSize: opts.batchSize ?? 1000,
    concurrency: opts.concurrency ?? (ctx.dbKind === 'postgres' ? 2 : 1),
    signal: opts.signal,
    make: (start, end) =>
      Array.from({ length: end - start }, (_, i) =>
        demoPerson(LARGE_PERSON_BASE + start + i, places),
      ),
    write: (db, rows) => insertPersons(db, ctx.cipher, rows),
  });
  return {
    ...result,
    rowsPerSecond: result.seconds > 0 ? Math.round(result.inserted / result.seconds) : 0,
  };
}
