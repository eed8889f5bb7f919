// The staff to-do queues read GET /api/cases with several states at once and the soonest
// step deadline first (cases without a deadline last).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CaseIntakeResult, CaseList } from '@citygov/contracts';
import { databaseKinds, loginAs, type Session } from '../../../test-support/harness.ts';
import { startCasesTestApp, type CasesTestApp } from '../cases-test-support.ts';
import { CASE_SUBJECT } from './case-workflow.ts';

for (const kind of databaseKinds()) {
  describe(`case queues (${kind})`, () => {
    let t: CasesTestApp;
    let citizen: Session;
    let inspector: Session;
    const ids: number[] = [];

    before(async () => {
      t = await startCasesTestApp(kind);
      citizen = await loginAs(t.app, 'citizen1');
      inspector = await loginAs(t.app, 'inspector');
      const spots = await t.ctx.db
        .selectFrom('grids')
        .select(['centroid_lat as lat', 'centroid_lon as lon'])
        .where('region_code', '=', '500103')
        .orderBy('code')
        .limit(3)
        .execute();
      for (const [i, location] of spots.entries()) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/cases',
          headers: citizen.headers,
          payload: {
            categoryCode: 'C0302',
            location,
            description: `垃圾箱满溢 ${i}`,
            forceNew: true,
          },
        });
        assert.equal(res.statusCode, 201, res.body);
        ids.push(res.json<CaseIntakeResult>().case.id);
      }
      // Known step deadlines: the second case is due first, the third has none (paused steps
      // and final states carry none).
      const setDeadline = (id: number, at: Date | null) =>
        t.ctx.db
          .updateTable('workflow_instances')
          .set({ state_deadline_at: at })
          .where('subject_type', '=', CASE_SUBJECT)
          .where('subject_id', '=', String(id))
          .execute();
      const now = Date.now();
      await setDeadline(ids[0]!, new Date(now + 5 * 3600_000));
      await setDeadline(ids[1]!, new Date(now + 1 * 3600_000));
      await setDeadline(ids[2]!, null);
      await t.ctx.db
        .updateTable('workflow_instances')
        .set({ state: 'filed' })
        .where('subject_type', '=', CASE_SUBJECT)
        .where('subject_id', '=', String(ids[0]))
        .execute();
    });
    after(() => t.close());

    const list = async (query: string) => {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/cases?${query}`,
        headers: inspector.headers,
      });
      assert.equal(res.statusCode, 200, res.body);
      return res.json<CaseList>().items.map((c) => c.id);
    };

    it('lists the soonest deadline first and cases without a deadline last when sort=deadline', async () => {
      assert.deepEqual(await list('sort=deadline&state=reported,filed'), [ids[1], ids[0], ids[2]]);
    });

    it('lists the latest report first by default', async () => {
      assert.deepEqual(await list('state=reported,filed'), [ids[2], ids[1], ids[0]]);
    });

    it('takes several states separated by commas, and one state alone', async () => {
      assert.deepEqual((await list('state=filed')).sort(), [ids[0]]);
      assert.deepEqual((await list('state=reported')).sort(), [ids[1], ids[2]].sort());
    });

    it('refuses an unknown sort and a malformed state list with 400', async () => {
      for (const query of ['sort=soonest', 'state=reported,,filed', 'state=Reported']) {
        const res = await t.app.inject({
          method: 'GET',
          url: `/api/cases?${query}`,
          headers: inspector.headers,
        });
        assert.equal(res.statusCode, 400, query);
      }
    });
  });
}
