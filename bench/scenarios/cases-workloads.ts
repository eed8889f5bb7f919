// The city-management (一网统管) benchmark's data and operations: the large demo city's unit
// grids and classification, years of historical cases, staff; then four operations over one
// server: case intake (POST /api/cases), Open311 intake (POST /open311/v2/requests.json), the
// indicators of one month for every department, and the map's case list in a box.
import type { Pool } from 'undici';
import type { AppContext } from '../../apps/server/src/platform/http/context.ts';
import { createUser, insertApiKey } from '../../apps/server/src/test-support/harness.ts';
import { loadDepartments, loadDivisions } from '../../apps/server/src/platform/org/index.ts';
import { runBatches } from '../../apps/server/src/demo/batches.ts';
import { sql } from '../../apps/server/src/platform/db/database.ts';
import { seedCityManagement, seedLargeCases } from '../../apps/server/src/modules/cases/index.ts';
import { callJson, HttpStatusError, logIn, type Session } from '../lib/http.ts';
import type { Operation } from '../lib/load.ts';
import { benchPassword } from '../lib/seed-city.ts';
import { settleSeed } from '../lib/settle-seed.ts';

export interface CasesSeeded {
  /** Grid centres to report at (a sample over every district). */
  spots: Array<{ lat: number; lon: number }>;
  categories: string[];
  apiKey: string;
  /** A month of the history: YYYY-MM-DD bounds. */
  month: { from: string; to: string };
  historical: number;
}

export interface CasesSize {
  /** Historical cases written before the server starts. */
  history: number;
  /** demo (5,184 grids) or large (53,568). */
  grids: 'demo' | 'large';
}

const quietProgress = {
  start: () => ({ update: () => {}, stop: () => {} }),
};

/** Everything the case operations need, written straight into the database. */
export async function seedCasesCity(
  ctx: AppContext,
  size: CasesSize,
  log: (message: string) => void,
): Promise<CasesSeeded> {
  await loadDivisions(ctx.db);
  await loadDepartments(ctx.db);
  const started = performance.now();
  const grids = await seedCityManagement(ctx, { gridScale: size.grids });
  log(`${grids.gridsCreated} grids in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  for (const role of ['inspector', 'leader', 'dispatcher'] as const) {
    await createUser(ctx, { username: `bench.${role}`, roles: [{ role }] });
  }
  const owner = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'bench.inspector')
    .executeTakeFirstOrThrow();
  const { secret } = await insertApiKey(ctx, {
    ownerUserId: owner.id,
    permissions: ['cases:report'],
    channel: 'open311',
  });
  const historical = await seedLargeCases(ctx, (plan) => runBatches(ctx.db, quietProgress, plan), {
    count: size.history,
    log,
  });
  const settled = await settleSeed(ctx, [
    'cases',
    'workflow_instances',
    'workflow_history',
    'case_daily_stats',
  ]);
  if (settled > 0) log(`vacuumed and checkpointed in ${settled.toFixed(0)} s`);
  const all = await ctx.db
    .selectFrom('grids')
    .select(['centroid_lat as lat', 'centroid_lon as lon'])
    .orderBy('code')
    .execute();
  // Every district, evenly: at most 4,000 grid centres.
  const step = Math.max(1, Math.floor(all.length / 4000));
  const spots = all.filter((_, i) => i % step === 0).map((g) => ({ lat: g.lat, lon: g.lon }));
  const categories = (
    await ctx.db
      .selectFrom('case_categories')
      .select('code')
      .where('is_restricted', '=', false)
      .execute()
  ).map((c) => c.code);
  // The history fills the newest days first: the month of its last day is the one asked for.
  const last = await sql<{
    day: string | null;
  }>`SELECT max(day)::text AS day FROM case_daily_stats WHERE intake > 0`.execute(ctx.db);
  const lastDay = new Date(`${last.rows[0]?.day ?? '2026-01-01'}T00:00:00Z`);
  const monthStart = new Date(Date.UTC(lastDay.getUTCFullYear(), lastDay.getUTCMonth(), 1));
  const monthEnd = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return {
    spots,
    categories,
    apiKey: secret,
    month: { from: day(monthStart), to: day(monthEnd) },
    historical,
  };
}

/** A pseudo-random sequence for the load generator (same run, same requests). */
function sequence(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

/** A point near a grid centre (within the cell). */
function pointNear(spot: { lat: number; lon: number }, next: () => number) {
  return {
    lat: Math.round((spot.lat + (next() - 0.5) * 0.0006) * 1e6) / 1e6,
    lon: Math.round((spot.lon + (next() - 0.5) * 0.0006) * 1e6) / 1e6,
  };
}

export interface CaseOperations {
  intake: Operation;
  open311: Operation;
  indicators: Operation;
  mapOpen: Operation;
  mapAll: Operation;
  counts(): Record<string, number>;
}

export async function prepareCaseOperations(
  pool: Pool,
  seeded: CasesSeeded,
): Promise<CaseOperations> {
  const inspector: Session = await logIn(pool, 'bench.inspector', benchPassword);
  const leader: Session = await logIn(pool, 'bench.leader', benchPassword);
  const dispatcher: Session = await logIn(pool, 'bench.dispatcher', benchPassword);
  const next = sequence(4_2026);
  const counts = { intake: 0, open311: 0, duplicatesOffered: 0 };
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const box = () => {
    // A map view of about 2 km × 2 km around a grid centre.
    const c = pick(seeded.spots);
    return [c.lon - 0.01, c.lat - 0.009, c.lon + 0.01, c.lat + 0.009]
      .map((v) => v.toFixed(5))
      .join(',');
  };
  return {
    async intake() {
      try {
        await callJson(pool, 'POST', '/api/cases', inspector, {
          categoryCode: pick(seeded.categories),
          location: pointNear(pick(seeded.spots), next),
          description: '基准测试：巡查发现的问题',
        });
        counts.intake++;
      } catch (error) {
        // An open case of the class nearby is offered instead (409): the check ran, as it should.
        if (error instanceof HttpStatusError && error.status === 409) {
          counts.duplicatesOffered++;
          return;
        }
        throw error;
      }
    },
    async open311() {
      const point = pointNear(pick(seeded.spots), next);
      const res = await pool.request({
        method: 'POST',
        path: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          api_key: seeded.apiKey,
          service_code: pick(seeded.categories),
          lat: String(point.lat),
          long: String(point.lon),
          description: 'benchmark report through Open311',
        }).toString(),
      });
      const text = await res.body.text();
      if (res.statusCode !== 201) {
        throw new HttpStatusError('POST', '/open311/v2/requests.json', res.statusCode, text);
      }
      counts.open311++;
    },
    async indicators() {
      await callJson(
        pool,
        'GET',
        `/api/cases/indicators?from=${seeded.month.from}&to=${seeded.month.to}&groupBy=department`,
        leader,
      );
    },
    async mapOpen() {
      await callJson(pool, 'GET', `/api/cases?bbox=${box()}&isOpen=true&pageSize=200`, dispatcher);
    },
    async mapAll() {
      await callJson(pool, 'GET', `/api/cases?bbox=${box()}&pageSize=50`, dispatcher);
    },
    counts: () => ({ ...counts }),
  };
}
