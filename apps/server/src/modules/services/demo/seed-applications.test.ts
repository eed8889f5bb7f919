import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { seedDemoCity } from '../../../demo/index.ts';
import { randomFor } from '../../../demo/random.ts';
import { loadDemoPlaces } from '../../../demo/places.ts';
import { createCipher } from '../../../platform/crypto/personal-data.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { openTestDatabase, testConfig, type TestDatabase } from '../../../test-support/harness.ts';
import '../index.ts';
import { seedDemoApplications, type ApplicationSeedReport } from './seed-applications.ts';
import { generateApplications, LARGE_ID_BASE } from './large-applications.ts';
import {
  queryIndicators,
  resetIndicatorRollup,
  runIndicatorRollup,
  scanApplications,
} from '../indicators/index.ts';
import { grantOf, type Principal } from '../../../platform/auth/principal.ts';

// Two small demo cities (100 residents, 40 applications) seeded at the same moment.
const NOW = new Date('2026-06-15T10:00:00+08:00');
const COUNT = 40;

async function seededCity(): Promise<{
  database: TestDatabase;
  ctx: AppContext;
  report: ApplicationSeedReport;
}> {
  const database = await openTestDatabase('pglite');
  const ctx: AppContext = {
    config: testConfig(),
    db: database.db,
    dbKind: database.kind,
    cipher: createCipher(randomBytes(32)),
  };
  await seedDemoCity(ctx, {
    demoPersons: 100,
    seeders: ['services-catalogue', 'services-bundles'],
  });
  const report = await seedDemoApplications(
    {
      ctx,
      scale: 'demo',
      places: await loadDemoPlaces(ctx.db),
      random: randomFor,
      runBatches: () => Promise.reject(new Error('not used')),
      log: () => {},
    },
    { count: COUNT, now: NOW },
  );
  return { database, ctx, report };
}

const history = (ctx: AppContext) =>
  sql<{
    item_code: string;
    channel: string;
    state: string;
    created_at: Date;
    level: number | null;
  }>`
    SELECT a.item_code, a.channel, wi.state, a.created_at, r.level
      FROM service_applications a
      JOIN workflow_instances wi ON wi.id = a.instance_id
      LEFT JOIN service_ratings r ON r.application_id = a.id
     ORDER BY a.id`
    .execute(ctx.db)
    .then((r) => r.rows);

const supervisorOf = (): Principal => ({
  kind: 'user',
  userId: null,
  username: 'test',
  displayName: 'test',
  userKind: 'staff',
  regionCode: '500000',
  departmentId: null,
  personId: null,
  enterpriseId: null,
  grants: [grantOf('supervisor', '500000', null)],
  apiKey: null,
  isCookieAuth: false,
  sessionId: null,
});

describe('the demo application history', () => {
  let a: Awaited<ReturnType<typeof seededCity>>;
  let b: Awaited<ReturnType<typeof seededCity>>;
  before(async () => {
    a = await seededCity();
    b = await seededCity();
  });
  after(async () => {
    await a.database.close();
    await b.database.close();
  });

  it('is the same history in two cities seeded at the same moment', async () => {
    assert.equal(a.report.skipped, 0, 'every planned application was made');
    assert.equal(a.report.applications, COUNT);
    const [ha, hb] = [await history(a.ctx), await history(b.ctx)];
    assert.ok(ha.length >= COUNT + 10, `${ha.length} applications (bundle members included)`);
    assert.deepEqual(ha, hb);
  });

  it('holds applications in the states the workbench, indicators and daily scan need, within the last 60 days', async () => {
    const rows = await history(a.ctx);
    const states = new Set(rows.map((r) => r.state));
    for (const state of ['submitted', 'under_review', 'delivered']) {
      assert.ok(states.has(state), `some application is ${state} (${[...states].join(', ')})`);
    }
    assert.ok(
      rows.some((r) => ['denied', 'not_accepted'].includes(r.state)),
      'some are refused',
    );
    assert.ok(
      rows.some((r) => r.level !== null),
      'some are rated',
    );
    const oldest = Math.min(...rows.map((r) => r.created_at.getTime()));
    assert.ok(NOW.getTime() - oldest <= 61 * 86_400_000, 'within the last 60 days');
    assert.ok(
      rows.every((r) => r.created_at < NOW),
      'nothing in the future',
    );
    const licences = await sql<{ n: number }>`SELECT count(*)::int AS n FROM licences`.execute(
      a.ctx.db,
    );
    assert.ok(licences.rows[0]!.n > 0, 'approved licensing items issued licences');
    const windows = rows.filter((r) => r.channel === 'window').length;
    assert.ok(windows > 0, 'residents without an account applied at the window');
    const parents = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM service_bundle_applications`.execute(a.ctx.db);
    assert.ok(parents.rows[0]!.n >= 5, 'bundle applications were made');
  });

  it('feeds the indicators and the daily scan', async () => {
    await runIndicatorRollup(a.ctx.db, { now: NOW });
    const supervisor = supervisorOf();
    const answer = await queryIndicators(a.ctx.db, supervisor, {
      from: '2026-04-16',
      to: '2026-06-15',
    });
    assert.ok(answer.total.counts.received >= COUNT);
    assert.ok(answer.total.counts.finished > 0);
    assert.ok(answer.total.counts.ratings > 0);
    const scan = await scanApplications(a.ctx.db, [{ prefix: '', departmentId: null }], {
      date: '2026-06-15',
    });
    assert.ok(scan.overdue + scan.atRisk > 0, 'the scan finds something to chase');
  });
  it('generates the large history in SQL (the same rows twice), and the rollup counts all of it', async () => {
    const generated = async (ctx: AppContext) => {
      await generateApplications(ctx.db, 1_500);
      return sql<{
        id: number;
        item_code: string;
        state: string;
        created_at: Date;
        closed_at: Date | null;
      }>`
        SELECT a.id, a.item_code, wi.state, a.created_at, wi.closed_at
          FROM service_applications a JOIN workflow_instances wi ON wi.id = a.instance_id
         WHERE a.id >= ${LARGE_ID_BASE} ORDER BY a.id`
        .execute(ctx.db)
        .then((r) => r.rows);
    };
    const [ga, gb] = [await generated(a.ctx), await generated(b.ctx)];
    assert.equal(ga.length, 1_500);
    assert.deepEqual(ga, gb);
    assert.ok(
      ga.every(
        (r) =>
          (r.closed_at === null) ===
          !['delivered', 'denied', 'not_accepted', 'withdrawn'].includes(r.state),
      ),
    );
    assert.ok(
      ga.every((r) => r.closed_at === null || r.closed_at > r.created_at),
      'closed after submission',
    );
    await generateApplications(a.ctx.db, 1_500); // a rerun writes nothing twice
    const { rows } = await sql<{ n: number; first: Date; last: Date }>`
      SELECT count(*)::int AS n, min(created_at) AS first, max(created_at) AS last
        FROM service_applications WHERE id >= ${LARGE_ID_BASE}`.execute(a.ctx.db);
    assert.equal(rows[0]!.n, 1_500);
    await resetIndicatorRollup(a.ctx.db);
    await runIndicatorRollup(a.ctx.db);
    const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const answer = await queryIndicators(a.ctx.db, supervisorOf(), {
      from: day(rows[0]!.first),
      to: day(rows[0]!.last),
    });
    assert.ok(answer.total.counts.received >= 1_500, `${answer.total.counts.received} received`);
    assert.ok(answer.total.counts.finished > 1_000);
    assert.ok(answer.total.counts.ratings > 0 && answer.total.counts.badRatings > 0);
  });
});
