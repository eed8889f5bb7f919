// Written from the GeoReport v2 text (DOMAIN.md's summary): tokens, every filter and limit of
// GET requests, FixMyStreet's servicerequestupdates and extended statuses, and the read scope
// an api_key brings.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createUser,
  databaseKinds,
  insertApiKey,
  startTestApp,
  type TestApp,
} from '../../test-support/harness.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { loadDepartments, loadDivisions } from '../../platform/org/index.ts';
import { seedCityManagement } from '../cases/seed.ts';
import { caseDriver, principalOf, type CaseLoopTables } from '../cases/index.ts';

const DAY = 86_400_000;
type Request = { service_request_id: string; status: string; service_code: string };
type Update = {
  update_id: string;
  service_request_id: string;
  status: string;
  updated_datetime: string;
  description: string;
  external_status_code: string | null;
};

function assertErrorList(body: unknown, code: number) {
  assert.ok(Array.isArray(body), 'errors come as a list');
  for (const e of body as Array<{ code: number; description: string }>) {
    assert.equal(Number(e.code), code);
    assert.ok(e.description.length > 0);
  }
}

for (const kind of databaseKinds()) {
  describe(`Open311 tokens, filters, updates and scope (${kind})`, () => {
    let t: TestApp;
    let dataDir: string;
    let key: string;
    let yuzhongKey: string;
    const codes: string[] = [];
    /** Case numbers by name (see before()). */
    const n: Record<string, string> = {};
    const now = Date.now();

    before(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citygov-open311-'));
      t = await startTestApp(kind, { dataDir });
      await loadDivisions(t.ctx.db);
      await loadDepartments(t.ctx.db);
      await seedCityManagement(t.ctx, { gridScale: 6 });
      const users = ['inspector', 'supervisor'] as const;
      const p: Record<string, Principal> = {};
      for (const username of users) {
        await createUser(t.ctx, { username, roles: [{ role: username }] });
        p[username] = await principalOf(t.ctx, username);
      }
      const owner = (
        await t.ctx.db
          .selectFrom('users')
          .select('id')
          .where('username', '=', 'inspector')
          .executeTakeFirstOrThrow()
      ).id;
      ({ secret: key } = await insertApiKey(t.ctx, {
        ownerUserId: owner,
        permissions: ['cases:report'],
        channel: 'open311',
      }));
      ({ secret: yuzhongKey } = await insertApiKey(t.ctx, {
        ownerUserId: owner,
        permissions: ['cases:report'],
        channel: 'open311',
        regionCode: '500103',
      }));
      for (const row of await t.ctx.db
        .selectFrom('case_categories')
        .select('code')
        .where('kind', '=', 'event')
        .where('is_restricted', '=', false)
        .orderBy('code')
        .limit(2)
        .execute()) {
        codes.push(row.code);
      }
      const spot = async (region: string, i: number) => {
        const g = await t.ctx.db
          .selectFrom('grids')
          .select(['centroid_lat as lat', 'centroid_lon as lon'])
          .where('region_code', '=', region)
          .orderBy('code')
          .offset(i)
          .limit(1)
          .executeTakeFirstOrThrow();
        return { lat: g.lat, lon: g.lon };
      };
      const drive = caseDriver(t.ctx);
      const report = async (
        name: string,
        daysAgo: number,
        code: string,
        region: string,
        i: number,
      ) => {
        const id = await drive.report(new Date(now - daysAgo * DAY), p.inspector!, {
          categoryCode: code,
          location: await spot(region, i),
          description: `${name} 垃圾满溢`,
        });
        const c = await t.ctx.db
          .withTables<CaseLoopTables>()
          .selectFrom('cases')
          .select('case_number')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        n[name] = c.case_number;
        return id;
      };
      // old: 100 days ago (outside the default window); mid: 50 days ago, declined;
      // recent: yesterday, filed; other: yesterday, another class; yz: yesterday in 渝中.
      await report('old', 100, codes[0]!, '500105', 0);
      const mid = await report('mid', 50, codes[0]!, '500105', 1);
      await drive.act(new Date(now - 50 * DAY + 60_000), p.supervisor!, mid, 'decline', {
        note: '重复反映',
      });
      const recent = await report('recent', 1, codes[0]!, '500105', 2);
      await drive.act(new Date(now - DAY + 60_000), p.supervisor!, recent, 'file');
      await report('other', 1, codes[1]!, '500105', 3);
      await report('yz', 1, codes[0]!, '500103', 0);
    });
    after(async () => {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const get = (url: string) => t.app.inject({ url: `/open311/v2/${url}` });
    const ids = async (url: string) => {
      const res = await get(url);
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
      return res
        .json<Request[]>()
        .map((r) => r.service_request_id)
        .sort();
    };
    const names = (...list: string[]) => list.map((x) => n[x]!).sort();

    it('answers a token with a new request and resolves the token to its id', async () => {
      const spotRow = await t.ctx.db
        .selectFrom('grids')
        .select(['centroid_lat', 'centroid_lon'])
        .where('region_code', '=', '500105')
        .orderBy('code', 'desc')
        .executeTakeFirstOrThrow();
      const res = await t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          api_key: key,
          service_code: codes[1]!,
          lat: String(spotRow.centroid_lat),
          long: String(spotRow.centroid_lon),
          description: '井盖缺失',
        }).toString(),
      });
      assert.equal(res.statusCode, 201, res.body);
      const [created] = res.json<Array<{ service_request_id: string; token: string }>>();
      assert.ok(created!.token.length > 0);
      const byToken = await get(`tokens/${created!.token}.json`);
      assert.equal(byToken.statusCode, 200, byToken.body);
      assert.deepEqual(byToken.json(), [
        { service_request_id: created!.service_request_id, token: created!.token },
      ]);
      const xml = await get(`tokens/${created!.token}.xml`);
      assert.match(
        xml.body,
        new RegExp(`<service_request_id>${created!.service_request_id}</service_request_id>`),
      );
      const unknown = await get('tokens/0123456789abcdef0123456789abcdef.json');
      assert.equal(unknown.statusCode, 404);
      assertErrorList(unknown.json(), 404);
    });

    it('searches the last 90 days of requested_datetime by default', async () => {
      const found = await ids(`requests.json?service_code=${codes.join(',')}`);
      assert.ok(!found.includes(n.old!), 'the 100-day-old request is outside the default window');
      for (const name of ['mid', 'recent', 'other', 'yz']) assert.ok(found.includes(n[name]!));
    });

    it('takes start_date and end_date (with a zone) on requested_datetime, at most 90 days', async () => {
      const iso = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
      assert.deepEqual(
        await ids(`requests.json?start_date=${iso(120)}&end_date=${iso(40)}`),
        names('old', 'mid'),
      );
      // end_date alone: the 90 days before it (95 … 5 days ago).
      assert.deepEqual(await ids(`requests.json?end_date=${iso(5)}`), names('mid'));
      const tooLong = await get(`requests.json?start_date=${iso(120)}&end_date=${iso(1)}`);
      assert.equal(tooLong.statusCode, 400);
      assertErrorList(tooLong.json(), 400);
      const zoneless = await get('requests.json?start_date=2026-01-01T00:00:00');
      assert.equal(zoneless.statusCode, 400);
      const reversed = await get(`requests.json?start_date=${iso(10)}&end_date=${iso(20)}`);
      assert.equal(reversed.statusCode, 400);
    });

    it('filters by a list of service codes and by status open or closed', async () => {
      const second = await ids(`requests.json?service_code=${codes[1]!}`);
      assert.ok(second.includes(n.other!) && !second.includes(n.recent!));
      const both = await ids(`requests.json?service_code=${codes[0]!},${codes[1]!}`);
      assert.ok(both.includes(n.other!) && both.includes(n.recent!));
      const closed = await ids(`requests.json?status=closed`);
      assert.deepEqual(closed, names('mid'), 'declined is closed');
      const open = await ids(`requests.json?status=open&service_code=${codes[0]!}`);
      assert.deepEqual(open, names('recent', 'yz'));
      assert.equal((await get('requests.json?status=pending')).statusCode, 400);
    });

    it('lets a service_request_id list override every other filter', async () => {
      assert.deepEqual(
        await ids(
          `requests.json?service_request_id=${n.old!},${n.recent!}&status=closed&service_code=nosuch`,
        ),
        names('old', 'recent'),
      );
      // The same list as a repeated field.
      assert.deepEqual(
        await ids(`requests.json?service_request_id=${n.old!}&service_request_id=${n.mid!}`),
        names('old', 'mid'),
      );
    });

    it('pages with page and page_size, at most 1000 a page', async () => {
      const all = await get(`requests.json?service_code=${codes.join(',')}`);
      const list = all.json<Request[]>();
      const second = await get(`requests.json?service_code=${codes.join(',')}&page=2&page_size=1`);
      assert.deepEqual(
        second.json<Request[]>().map((r) => r.service_request_id),
        [list[1]!.service_request_id],
      );
      assert.equal((await get('requests.json?page_size=1001')).statusCode, 400);
      assert.equal((await get('requests.json?page=0')).statusCode, 400);
    });

    it('answers extended statuses with extensions=true, and filters by them', async () => {
      const plain = await get(`requests/${n.mid!}.json`);
      assert.equal(plain.json<Request[]>()[0]!.status, 'closed');
      const extended = await get(`requests/${n.mid!}.json?extensions=true`);
      assert.equal(extended.json<Request[]>()[0]!.status, 'not_responsible');
      const recent = await get(`requests/${n.recent!}.json?extensions=true`);
      assert.equal(recent.json<Request[]>()[0]!.status, 'investigating');
      assert.deepEqual(
        await ids('requests.json?extensions=true&status=not_responsible'),
        names('mid'),
      );
      assert.equal((await get('requests.json?status=not_responsible')).statusCode, 400);
    });

    it('lists request updates since a time, as FixMyStreet reads them', async () => {
      const since = new Date(now - 2 * DAY).toISOString();
      const res = await get(`servicerequestupdates.json?start_date=${since}`);
      assert.equal(res.statusCode, 200, res.body);
      const updates = res.json<Update[]>();
      const recent = updates.filter((u) => u.service_request_id === n.recent);
      assert.deepEqual(
        recent.map((u) => u.status),
        ['open', 'open'],
        'received, then filed (still open)',
      );
      assert.ok(!updates.some((u) => u.service_request_id === n.mid), 'before the window');
      for (let i = 1; i < updates.length; i++) {
        assert.ok(updates[i - 1]!.updated_datetime <= updates[i]!.updated_datetime, 'oldest first');
      }
      const extended = (
        await get(`servicerequestupdates.json?start_date=${since}&extensions=true`)
      ).json<Update[]>();
      const filed = extended.find(
        (u) => u.service_request_id === n.recent && u.external_status_code === 'file',
      );
      assert.equal(filed?.status, 'investigating');
      assert.match(filed.description, /立案/);
      const xml = await get(`servicerequestupdates.xml?start_date=${since}`);
      assert.match(xml.body, /<service_requests_updates><request_update><update_id>/);
      const wide = await get(
        `servicerequestupdates.json?start_date=${new Date(now - 120 * DAY).toISOString()}&end_date=${new Date(now).toISOString()}`,
      );
      assert.equal(wide.statusCode, 400);
    });

    it("reads within an api_key's region, and refuses an unknown key", async () => {
      const pub = await ids(`requests.json?service_code=${codes[0]!}`);
      assert.ok(pub.includes(n.yz!) && pub.includes(n.recent!));
      const yz = await ids(`requests.json?service_code=${codes[0]!}&api_key=${yuzhongKey}`);
      assert.deepEqual(yz, names('yz'));
      const city = await ids(`requests.json?service_code=${codes[0]!}&api_key=${key}`);
      assert.deepEqual(city, pub);
      const outside = await get(`requests/${n.recent!}.json?api_key=${yuzhongKey}`);
      assert.equal(outside.statusCode, 404);
      const bad = await get('requests.json?api_key=not-a-key');
      assert.equal(bad.statusCode, 403);
      assertErrorList(bad.json(), 403);
    });
  });
}
