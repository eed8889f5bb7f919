// The demo's construction waste: the simulator's trucks, real-located sites inside the city,
// a month of manifests in every outcome, approvals that block, and statistics to show.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { seedDemoCity } from '../../../demo/index.ts';
import { createCipher } from '../../../platform/crypto/personal-data.ts';
import { isInsideCity } from '../../../platform/geo/city.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { openTestDatabase, testConfig, type TestDatabase } from '../../../test-support/harness.ts';
import '../index.ts';
import { simPlateOf } from './sim-numbering.ts';

describe('construction-waste demo data', () => {
  let database: TestDatabase;
  let ctx: AppContext;
  before(async () => {
    database = await openTestDatabase('pglite');
    ctx = {
      config: testConfig(),
      db: database.db,
      dbKind: database.kind,
      cipher: createCipher(randomBytes(32)),
    };
    const started = performance.now();
    await seedDemoCity(ctx, {
      demoPersons: 100,
      seeders: ['waste'],
    });
    console.log(`waste demo seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });
  after(async () => database.close());

  it('registers the simulator’s trucks under five companies', async () => {
    const trucks = await ctx.db
      .selectFrom('waste_trucks')
      .select(['plate', 'terminal_phone', 'company_id'])
      .orderBy('terminal_phone')
      .execute();
    assert.equal(trucks.length, 100);
    assert.equal(trucks[0]!.terminal_phone, '13900000000');
    assert.equal(trucks[99]!.plate, simPlateOf(99));
    assert.equal(new Set(trucks.map((t) => t.company_id)).size, 5);
  });

  it('places every site and disposal site inside Chongqing', async () => {
    const sites = await ctx.db
      .selectFrom('waste_construction_sites')
      .select(['lat', 'lon', 'region_code'])
      .execute();
    const disposal = await ctx.db
      .selectFrom('waste_disposal_sites')
      .select(['lat', 'lon', 'kind'])
      .execute();
    assert.ok(sites.length >= 20);
    assert.equal(disposal.length, 8);
    assert.ok([...sites, ...disposal].every((s) => isInsideCity(s.lon, s.lat)));
    assert.equal(new Set(sites.map((s) => s.region_code)).size, 9);
  });

  it('writes a few hundred manifests over 30 days in every outcome', async () => {
    const rows = await sql<{ status: string; n: number }>`
      select status, count(*)::int as n from waste_manifests group by status`.execute(ctx.db);
    const by = Object.fromEntries(rows.rows.map((r) => [r.status, Number(r.n)]));
    const total = Object.values(by).reduce((a, b) => a + b, 0);
    assert.ok(total >= 200 && total <= 700, `manifests: ${JSON.stringify(by)}`);
    for (const status of ['signed', 'corrected', 'returned', 'cancelled'])
      assert.ok(by[status]! > 0, status);
    const flagged = await ctx.db
      .selectFrom('waste_manifests')
      .select('id')
      .where('has_discrepancy', '=', true)
      .execute();
    assert.ok(flagged.length > 0);
    const rejected = await ctx.db
      .selectFrom('waste_manifests')
      .select('id')
      .where('rejection_count', '>', 0)
      .execute();
    assert.ok(rejected.length > 0);
    const outputs = await ctx.db.selectFrom('waste_disposal_outputs').select('day').execute();
    assert.ok(outputs.length > 10);
  });

  it('shows approvals that block: expired, suspended, used up', async () => {
    const approvals = await ctx.db
      .selectFrom('waste_approvals')
      .select([
        'status',
        'used_volume_m3',
        'permitted_volume_m3',
        sql<string>`valid_to::text`.as('valid_to'),
      ])
      .execute();
    assert.ok(approvals.some((a) => a.status === 'suspended'));
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    assert.ok(approvals.some((a) => a.valid_to < today));
    assert.ok(approvals.some((a) => a.permitted_volume_m3 - a.used_volume_m3 < 20));
  });

  it('gives every party an account', async () => {
    const users = await ctx.db
      .selectFrom('users')
      .select('username')
      .where('username', 'in', ['site1', 'transport1', 'disposal1', 'wasteofficer', 'driver1'])
      .execute();
    assert.equal(users.length, 5);
  });
});
