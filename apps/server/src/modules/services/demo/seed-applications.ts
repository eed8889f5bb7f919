// The demo city's application history: a few hundred applications over the last 60 days, in
// every state (待受理, 审查中, 待补正, 准予 with a licence, 不予, 不予受理, 撤回, overdue ones),
// online by the demo citizens and enterprise and at the window for other residents, rated
// (bad ratings rectified, one appeal upheld), and a few 一件事 bundles. Every choice comes from
// a random stream of the application's index; the dates are counted back from the run's day.
import type { DemoSeedContext, Random } from '../../../demo/index.ts';
import { DEMO_PERSONS, demoPerson } from '../../../demo/index.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { inTransaction } from '../../../platform/db/database.ts';
import { localDateOf, startOfLocalDay, workingCalendar } from '../../../platform/calendar/index.ts';
import { addCalendarDays } from '../../../platform/calendar/working-calendar.ts';
import { findItems, type StoredItem } from '../catalogue/item-repository.ts';
import { isAskedOf } from '../applications/application-materials.ts';
import { prepareApplication, writeApplication } from '../applications/submit-application.ts';
import { demoActors, type DemoActors } from './demo-actors.ts';
import { walkApplication, type DemoOutcome, type DemoPlan } from './application-paths.ts';
import { rateDemoApplication } from './seed-ratings.ts';
import { seedDemoBundleApplications } from './seed-bundle-applications.ts';
import { loadBundles } from '../bundles/index.ts';

export const DEMO_APPLICATIONS = 320;
const HISTORY_DAYS = 60;
const STREAM = 'services.demo-applications';

export interface ApplicationSeedReport {
  applications: number;
  skipped: number;
  ratings: number;
  bundles: number;
  byState: Record<string, number>;
  seconds: number;
}

/** The outcome of an application `age` days old: recent ones are still open, old ones done. */
function planOf(random: Random, age: number, promised: number, isWindow: boolean): DemoPlan {
  const outcomes: DemoOutcome[] = [
    'submitted',
    'under_review',
    'supplement_requested',
    'approved',
    'delivered',
    'denied',
    'not_accepted',
    'withdrawn',
  ];
  const weights =
    age <= 2
      ? [40, 35, 10, 0, 5, 0, 10, 0]
      : age <= 12
        ? [4, 22, 12, 8, 38, 5, 5, 6]
        : [0, 6, 5, 3, 63, 9, 8, 6];
  let outcome = random.weighted(outcomes, weights);
  // Only the applicant withdraws, and a window applicant has no account to do it with.
  if (outcome === 'withdrawn' && isWindow) outcome = 'delivered';
  const isLate = random.chance(0.12);
  return {
    outcome,
    withSupplement: outcome === 'supplement_requested' || random.chance(0.22),
    decisionDays: isLate ? promised + 1 + random.int(3) : random.int(Math.max(1, promised) + 1),
  };
}

interface Applicant {
  principal: Principal;
  /** Window applications: the person at the counter. */
  person: { idNumber: string; name: string } | null;
  isEnterprise: boolean;
}

async function applicantOf(
  seed: DemoSeedContext,
  actors: DemoActors,
  random: Random,
  persons: number,
): Promise<Applicant> {
  const kind = random.weighted(['citizen', 'enterprise', 'window'] as const, [50, 10, 40]);
  if (kind === 'citizen') {
    const principal = await actors.byUsername(`citizen${1 + random.int(9)}`);
    if (principal) return { principal, person: null, isEnterprise: false };
  }
  if (kind === 'enterprise') {
    const principal = await actors.byUsername('enterprise1');
    if (principal) return { principal, person: null, isEnterprise: true };
  }
  const clerk = (await actors.byUsername('clerk'))!;
  // Residents without an account (the demo citizens are persons 0–8).
  const person = demoPerson(20 + random.int(Math.max(1, persons - 20)), seed.places);
  return {
    principal: clerk,
    person: { idNumber: person.idNumber, name: person.name },
    isEnterprise: false,
  };
}

/** The items the demo applies for: the most frequent, whose guides are the fullest. */
async function itemPool(seed: DemoSeedContext) {
  const rows = await seed.ctx.db
    .selectFrom('service_items')
    .select('code')
    .where('status', '=', 'active')
    .where('region_code', '=', '500000')
    .orderBy('frequency', 'desc')
    .orderBy('code')
    .limit(160)
    .execute();
  const items = await findItems(
    seed.ctx.db,
    rows.map((r) => r.code),
  );
  const byCode = new Map(items.map((i) => [i.codes.code, i]));
  const ordered = rows.map((r) => byCode.get(r.code)!).filter(Boolean);
  // The demo city's own residents (the large city's come after them and are not needed here).
  const { n } = await seed.ctx.db
    .selectFrom('persons')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    persons: Math.min(Number(n), DEMO_PERSONS),
    forPersons: ordered.filter((i) => i.guide.audience !== 'enterprise'),
    forEnterprises: ordered.filter((i) => i.guide.audience !== 'citizen'),
  };
}

// Applicants apply online for themselves through the portal and the app.
const onlineChannels = ['web', 'mobile'] as const;

/** One application submitted `age` days ago and walked along its plan; undefined if skipped. */
async function seedOne(
  seed: DemoSeedContext,
  actors: DemoActors,
  pool: Awaited<ReturnType<typeof itemPool>>,
  index: number,
  now: Date,
) {
  const random = seed.random(STREAM, index);
  const age = random.int(HISTORY_DAYS);
  const applicant = await applicantOf(seed, actors, random, pool.persons);
  const item: StoredItem = random.pick(
    applicant.isEnterprise ? pool.forEnterprises : pool.forPersons,
  );
  const channel = applicant.person
    ? 'window'
    : (onlineChannels.find((c) => item.guide.channels.includes(c) && random.chance(0.7)) ??
      onlineChannels.find((c) => item.guide.channels.includes(c)));
  if (!channel) return undefined;
  const day = addCalendarDays(localDateOf(now), -age);
  const workday = workingCalendar().isWorkday(day) ? day : workingCalendar().nthWorkingDay(day, 1);
  let createdAt = new Date(
    startOfLocalDay(workday).getTime() + (8 * 60 + random.int(9 * 60)) * 60_000,
  );
  if (createdAt >= now) createdAt = new Date(now.getTime() - (10 + random.int(120)) * 60_000);
  const scan = await actors.scanOf(applicant.principal);
  const asked = item.guide.materials
    .map((m, i) => ({ m, id: i + 1 }))
    .filter(({ m }) => isAskedOf(m));
  const prepared = await prepareApplication(seed.ctx, applicant.principal, {
    itemCode: item.codes.code,
    form: {
      contactPhone: `139${String(permuteIndex(index)).padStart(8, '0')}`,
      remark: '演示数据',
    },
    materials: asked.map(({ id }) => ({ materialId: id, fileSha256: scan })),
    channel,
    ...(applicant.person && {
      applicantIdNumber: applicant.person.idNumber,
      applicantName: applicant.person.name,
    }),
  });
  const { id } = await inTransaction(seed.ctx.db, (trx) =>
    writeApplication(trx, applicant.principal, prepared, createdAt),
  );
  const plan = planOf(random, age, item.guide.promisedLimitDays, applicant.person !== null);
  const walked = await walkApplication(
    seed.ctx,
    {
      id,
      workflowKey: item.guide.workflowKey,
      promisedLimitDays: item.guide.promisedLimitDays,
      supplementMaterialId: asked[0]?.id ?? null,
      applicant: applicant.principal,
      applicantSide: applicant.principal,
      reviewer: await actors.staffOf('reviewer', item.department.code),
      approver: await actors.staffOf('approver', item.department.code),
      scan,
    },
    plan,
    createdAt,
    now,
    random,
  );
  return { id, item, applicant, random, ...walked };
}

// Distinct demo phone numbers without bookkeeping.
const permuteIndex = (index: number) => (index * 7_919 + 1_234_567) % 100_000_000;

/** Every account the history uses, loaded (and its scan uploaded) before the transactions. */
async function preloadActors(
  seed: DemoSeedContext,
  actors: DemoActors,
  items: readonly StoredItem[],
) {
  const usernames = [
    'clerk',
    'supervisor',
    'enterprise1',
    ...Array.from({ length: 9 }, (_, i) => `citizen${i + 1}`),
  ];
  for (const username of usernames) {
    const principal = await actors.byUsername(username);
    if (principal && username !== 'supervisor') await actors.scanOf(principal);
  }
  const bundleItems = (await loadBundles(seed.ctx.db)).flatMap((b) => b.members.map((m) => m.item));
  for (const code of new Set([...items, ...bundleItems].map((i) => i.department.code))) {
    await actors.staffOf('reviewer', code);
    await actors.staffOf('approver', code);
  }
}

/** Applications written per transaction (one commit per step would take minutes on PGlite). */
const CHUNK = 40;

/** Seeds the history; deterministic in what it holds, dated back from `now`. */
export async function seedDemoApplications(
  seed: DemoSeedContext,
  options: { count?: number; now?: Date } = {},
): Promise<ApplicationSeedReport> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const count = options.count ?? DEMO_APPLICATIONS;
  const actors = demoActors(seed.ctx);
  const pool = await itemPool(seed);
  await preloadActors(seed, actors, [...pool.forPersons, ...pool.forEnterprises]);
  const report: ApplicationSeedReport = {
    applications: 0,
    skipped: 0,
    ratings: 0,
    bundles: 0,
    byState: {},
    seconds: 0,
  };
  const supervisor = await actors.byUsername('supervisor');
  for (let first = 0; first < count; first += CHUNK) {
    await seed.ctx.db.transaction().execute(async (trx) => {
      const inTrx: DemoSeedContext = { ...seed, ctx: { ...seed.ctx, db: trx } };
      for (let i = first; i < Math.min(first + CHUNK, count); i++) {
        let seeded;
        try {
          seeded = await seedOne(inTrx, actors, pool, i, now);
        } catch (error) {
          // A guide the generic demo applicant cannot satisfy (checked before any write): skip it.
          seed.log(
            `demo application ${i} skipped: ${error instanceof Error ? error.message : String(error)}`,
          );
          seeded = undefined;
        }
        if (!seeded) {
          report.skipped++;
          continue;
        }
        report.applications++;
        report.byState[seeded.state] = (report.byState[seeded.state] ?? 0) + 1;
        const isRateable = ['delivered', 'denied', 'not_accepted'].includes(seeded.state);
        if (
          isRateable &&
          seeded.finishedAt &&
          seeded.applicant.person === null &&
          supervisor &&
          seeded.random.chance(0.7)
        ) {
          await rateDemoApplication(inTrx.ctx, {
            applicationId: seeded.id,
            rater: seeded.applicant.principal,
            reviewer: await actors.staffOf('reviewer', seeded.item.department.code),
            supervisor,
            finishedAt: seeded.finishedAt,
            now,
            random: seeded.random,
          });
          report.ratings++;
        }
      }
    });
  }
  report.bundles = await seed.ctx.db
    .transaction()
    .execute((trx) =>
      seedDemoBundleApplications({ ...seed, ctx: { ...seed.ctx, db: trx } }, actors, now),
    );
  report.seconds = (performance.now() - started) / 1000;
  return report;
}
