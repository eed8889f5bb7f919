import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { ServiceItemSearchQuery } from '@citygov/contracts';
import { createCipher } from '../../../platform/crypto/personal-data.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { loadDepartments } from '../../../platform/org/index.ts';
import { systemActor } from '../../../platform/audit/ledger.ts';
import {
  databaseKinds,
  openTestDatabase,
  seedTestOrg,
  testConfig,
  type TestDatabase,
} from '../../../test-support/harness.ts';
import { getCatalogueIndex, searchCatalogue } from '../catalogue/search-index.ts';
import { exportItems } from '../transfer/export-items.ts';
import { importItems } from '../transfer/import-items.ts';
import { anonymous, grantOf, type Principal } from '../../../platform/auth/principal.ts';
import {
  BANK_TERMINAL_ITEMS,
  RURAL_POINT_ITEMS,
  buildDemoCatalogue,
  frequentItems,
  seedServiceCatalogue,
} from './seed-catalogue.ts';

const admin: Principal = {
  ...anonymous,
  kind: 'user',
  userId: null,
  username: systemActor.name,
  grants: [grantOf('admin', '500000', null)],
};

describe('demo catalogue (pure)', () => {
  it('comes out the same on every build', () => {
    assert.deepEqual(buildDemoCatalogue(), buildDemoCatalogue());
  });

  it('has at least 50 hand-written full guides', () => {
    assert.ok(frequentItems.length >= 50, `${frequentItems.length} frequent items`);
    for (const item of frequentItems) {
      const g = item.guide;
      assert.ok(g.materials.length >= 1 && g.steps.length >= 2, g.name);
      assert.ok(g.conditions.length >= 30 && g.legalBasis.includes('《'), g.name);
      assert.ok(g.keywords.length >= 3, `${g.name} has keywords`);
      assert.ok(g.legalLimitDays >= g.promisedLimitDays, g.name);
    }
  });
});

for (const kind of databaseKinds()) {
  describe(`demo catalogue (${kind})`, () => {
    let database: TestDatabase;
    let ctx: AppContext;
    before(async () => {
      database = await openTestDatabase(kind);
      ctx = {
        config: testConfig(),
        db: database.db,
        dbKind: database.kind,
        cipher: createCipher(randomBytes(32)),
      };
      await seedTestOrg(ctx);
      await loadDepartments(ctx.db);
    });
    after(() => database.close());

    it('loads at least 1,200 items over the 60+ municipal departments, then nothing on a rerun', async () => {
      const first = await seedServiceCatalogue(ctx);
      assert.deepEqual(first.missingDepartments, []);
      assert.ok(first.created >= 1200, `${first.created} items`);
      const counts = await sql<{ items: number; departments: number }>`
        SELECT count(*)::int AS items, count(DISTINCT department_id)::int AS departments FROM service_items`.execute(
        ctx.db,
      );
      assert.equal(counts.rows[0]!.items, first.created);
      assert.ok(counts.rows[0]!.departments >= 60);
      const again = await seedServiceCatalogue(ctx);
      assert.equal(again.created, 0);
      assert.equal(again.existing, first.created);
    });

    it('stores the full guides of the frequent items', async () => {
      const rows = await sql<{ name: string; materials: number; steps: number }>`
        SELECT i.name,
          (SELECT count(*)::int FROM service_item_materials m WHERE m.item_id = i.id) AS materials,
          (SELECT count(*)::int FROM service_item_steps s WHERE s.item_id = i.id) AS steps
        FROM service_items i`.execute(ctx.db);
      const byName = new Map(rows.rows.map((r) => [r.name, r]));
      let full = 0;
      for (const item of frequentItems) {
        const row = byName.get(item.guide.name);
        assert.ok(row, `${item.guide.name} was loaded`);
        assert.equal(row.materials, item.guide.materials.length);
        if (row.materials >= 2 && row.steps >= 2) full++;
      }
      assert.ok(full >= 50, `${full} full guides`);
    });

    it('keeps the shape of the seed: at most one visit for 80%+, 53 bank-terminal and 44 rural items', async () => {
      const stats = await sql<{
        total: number;
        few: number;
        bank: number;
        rural: number;
        late: number;
      }>`
        SELECT count(*)::int AS total,
          count(*) FILTER (WHERE visits <= 1)::int AS few,
          count(*) FILTER (WHERE 'bank_terminal' = ANY (channels))::int AS bank,
          count(*) FILTER (WHERE 'rural_point' = ANY (channels))::int AS rural,
          count(*) FILTER (WHERE promised_limit_days > legal_limit_days)::int AS late
        FROM service_items`.execute(ctx.db);
      const s = stats.rows[0]!;
      assert.ok(s.few / s.total >= 0.8, `${s.few} of ${s.total} need at most one visit`);
      assert.equal(s.bank, BANK_TERMINAL_ITEMS);
      assert.equal(s.rural, RURAL_POINT_ITEMS);
      assert.equal(s.late, 0);
    });

    it('finds the frequent items first', async () => {
      const index = await getCatalogueIndex(ctx.db);
      assert.equal(searchCatalogue(index, { q: '身份证' }).items[0]?.name, '居民身份证换领');
      assert.equal(searchCatalogue(index, { q: 'gjj' }).items[0]?.name, '住房公积金提取');
      assert.equal(
        searchCatalogue(index, { q: '营业执照' }).items[0]?.name,
        '企业设立登记（营业执照核发）',
      );
    });

    it('answers a search from the character index exactly as a scan of every item would', async () => {
      const index = await getCatalogueIndex(ctx.db);
      const queries: ServiceItemSearchQuery[] = [
        '身份证',
        'hkqy',
        '营业执照',
        '公积金',
        '社保卡',
        '低保',
        '渣土',
        'xk',
        '出生',
        '驾驶证',
        '证',
        'z',
        '居民身份证补办', // a near miss in wording (居民身份证补领): most pairs in the name
        '建筑垃圾 处置',
        '医保 sb',
        'XK00',
        '５００１',
        '不存在的事项',
        '',
      ].flatMap((q) => [
        { q, pageSize: 100 },
        { q, channel: 'mobile' as const, pageSize: 100 },
        { q, audience: 'enterprise' as const, page: 2, pageSize: 5 },
      ]);
      let found = 0;
      for (const query of queries) {
        const page = searchCatalogue(index, query);
        assert.deepEqual(page, searchCatalogue(index, query, { exhaustive: true }), query.q);
        if (page.total > 0) found++;
      }
      assert.ok(found > queries.length / 2);
    });

    it('exports the whole catalogue to CSV and XLSX and imports it back unchanged', async () => {
      for (const format of ['csv', 'xlsx'] as const) {
        const file = await exportItems(ctx.db, format);
        const report = await importItems(ctx.db, admin, {
          format,
          data: file.body,
          mode: 'atomic',
          isDryRun: false,
        });
        assert.deepEqual(report.errors, []);
        assert.equal(report.updated, 0, format);
        assert.equal(report.created, 0, format);
        assert.ok(report.unchanged >= 1200, format);
      }
    });
  });
}
