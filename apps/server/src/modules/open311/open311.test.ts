// Written from the GeoReport v2 summary in DOMAIN.md: formats, error shape and codes, filters.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { databaseKinds, insertApiKey } from '../../test-support/harness.ts';
import { startCasesTestApp, type CasesTestApp } from '../cases/cases-test-support.ts';
import { seedDemoOpen311Key } from './open311-demo.ts';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const without = (fields: Record<string, string>, ...names: string[]) =>
  Object.fromEntries(Object.entries(fields).filter(([k]) => !names.includes(k)));
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

function assertErrorList(body: unknown, code: number) {
  assert.ok(Array.isArray(body), 'errors come as a list');
  assert.ok(body.length >= 1);
  for (const e of body as Array<Record<string, unknown>>) {
    assert.equal(Number(e['code']), code);
    assert.equal(typeof e['description'], 'string');
    assert.ok((e['description'] as string).length > 0);
  }
}

for (const kind of databaseKinds()) {
  describe(`Open311 GeoReport v2 (${kind})`, () => {
    let t: CasesTestApp;
    let apiKey: string;
    let serviceCode: string;
    let spot: { lat: number; lon: number };
    /** attribute[urgency] from the service definition, when it offers one. */
    let urgency: Record<string, string> = {};

    before(async () => {
      t = await startCasesTestApp(kind);
      const inspector = await t.ctx.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'inspector')
        .executeTakeFirstOrThrow();
      ({ secret: apiKey } = await insertApiKey(t.ctx, {
        ownerUserId: inspector.id,
        permissions: ['cases:report'],
        channel: 'open311',
      }));
      serviceCode = (
        await t.ctx.db
          .selectFrom('case_categories')
          .select('code')
          .where('kind', '=', 'event')
          .where('is_restricted', '=', false)
          .orderBy('code')
          .executeTakeFirstOrThrow()
      ).code;
      const grid = await t.ctx.db
        .selectFrom('grids')
        .select(['centroid_lat', 'centroid_lon'])
        .where('region_code', '=', '500105')
        .orderBy('code')
        .executeTakeFirstOrThrow();
      spot = { lat: grid.centroid_lat, lon: grid.centroid_lon };
      const def = await t.app.inject({ url: `/open311/v2/services/${serviceCode}.json` });
      if (def.statusCode === 200) {
        const attr = def
          .json<{ attributes: Array<{ code: string; values: Array<{ key: string }> }> }>()
          .attributes.find((a) => a.code === 'urgency');
        if (attr) urgency = { 'attribute[urgency]': attr.values[attr.values.length - 1]!.key };
      }
    });
    after(() => t.close());

    const post = (fields: Record<string, string>, ext = 'json') =>
      t.app.inject({
        method: 'POST',
        url: `/open311/v2/requests.${ext}`,
        headers: formHeaders,
        payload: form(fields),
      });
    const validFields = () => ({
      api_key: apiKey,
      service_code: serviceCode,
      lat: String(spot.lat),
      long: String(spot.lon),
      description: '路灯不亮 street light out',
      ...urgency,
    });

    it('does list the v2 endpoint with its formats when discovery is asked for', async () => {
      const res = await t.app.inject({ url: '/open311/v2/discovery.json' });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.ok(Array.isArray(body.endpoints) && body.endpoints.length >= 1);
      const endpoint = body.endpoints[0];
      assert.match(endpoint.specification, /GeoReport_v2/);
      assert.ok(endpoint.formats.includes('application/json'));
      assert.ok(endpoint.formats.includes('text/xml'));
      const xml = await t.app.inject({ url: '/open311/v2/discovery.xml' });
      assert.equal(xml.statusCode, 200);
      assert.match(xml.body, /<discovery>[\s\S]*<endpoints><endpoint>/);
    });

    it('does list services with string codes and the spec fields in JSON', async () => {
      const res = await t.app.inject({ url: '/open311/v2/services.json' });
      assert.equal(res.statusCode, 200);
      const services = res.json<Array<Record<string, unknown>>>();
      assert.ok(services.length > 0);
      for (const s of services) {
        assert.equal(typeof s['service_code'], 'string');
        assert.equal(typeof s['service_name'], 'string');
        assert.equal(typeof s['metadata'], 'boolean');
        assert.ok(['realtime', 'batch', 'blackbox'].includes(s['type'] as string));
        assert.ok('keywords' in s && 'group' in s && 'description' in s);
      }
      assert.ok(services.some((s) => s['service_code'] === serviceCode));
    });

    it('does list the same services as <services><service> when XML is asked for', async () => {
      const json = (await t.app.inject({ url: '/open311/v2/services.json' })).json<unknown[]>();
      const res = await t.app.inject({ url: '/open311/v2/services.xml' });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /xml/);
      assert.match(res.body, /^<\?xml/);
      const count = res.body.match(/<service>/g)?.length ?? 0;
      assert.equal(count, json.length);
      assert.ok(res.body.includes(`<service_code>${serviceCode}</service_code>`));
    });

    it('does describe a service with metadata and 404 when the code is unknown', async () => {
      const services = (await t.app.inject({ url: '/open311/v2/services.json' })).json<
        Array<Record<string, unknown>>
      >();
      const withMeta = services.find((s) => s['metadata'] === true);
      assert.ok(withMeta);
      const res = await t.app.inject({
        url: `/open311/v2/services/${withMeta['service_code'] as string}.json`,
      });
      assert.equal(res.statusCode, 200);
      const def = res.json();
      assert.equal(def.service_code, withMeta['service_code']);
      assert.ok(Array.isArray(def.attributes) && def.attributes.length > 0);
      for (const a of def.attributes) assert.ok(a.code && a.datatype && 'values' in a);
      const missing = await t.app.inject({ url: '/open311/v2/services/nosuch.json' });
      assert.equal(missing.statusCode, 404);
      assertErrorList(missing.json(), 404);
    });

    it('does answer 403 with an error list when POST requests has no api_key', async () => {
      const fields = without(validFields(), 'api_key');
      const res = await post(fields);
      assert.equal(res.statusCode, 403);
      assertErrorList(res.json(), 403);
      const bad = await post({ ...validFields(), api_key: 'not-a-real-key-at-all' }, 'xml');
      assert.equal(bad.statusCode, 403);
      assert.match(bad.body, /<errors><error><code>403<\/code><description>[^<]+<\/description>/);
    });

    it('does answer 400 with an error list when service_code is missing', async () => {
      const fields = without(validFields(), 'service_code');
      const res = await post(fields);
      assert.equal(res.statusCode, 400);
      assertErrorList(res.json(), 400);
    });

    it('does answer 400 when neither lat+long nor an address is given or the description is too long', async () => {
      const fields = without(validFields(), 'lat', 'long');
      const res = await post(fields);
      assert.equal(res.statusCode, 400);
      assertErrorList(res.json(), 400);
      const long = await post({ ...validFields(), description: 'x'.repeat(4001) });
      assert.equal(long.statusCode, 400);
      assertErrorList(long.json(), 400);
    });

    it('does file a request and answer a string service_request_id when the POST is valid', async () => {
      const res = await post(validFields());
      assert.ok(res.statusCode === 200 || res.statusCode === 201, res.body);
      const body = res.json();
      assert.ok(Array.isArray(body) && body.length === 1);
      assert.equal(typeof body[0].service_request_id, 'string');
      assert.ok(body[0].service_request_id.length > 0);

      const one = await t.app.inject({
        url: `/open311/v2/requests/${body[0].service_request_id as string}.json`,
      });
      assert.equal(one.statusCode, 200);
      const list = one.json();
      assert.ok(Array.isArray(list) && list.length === 1);
      const r = list[0];
      assert.equal(r.service_request_id, body[0].service_request_id);
      assert.equal(r.service_code, serviceCode);
      assert.equal(r.status, 'open');
      assert.equal(r.description, '路灯不亮 street light out');
      assert.equal(typeof r.lat, 'number');
      assert.equal(typeof r.long, 'number');
      assert.match(
        r.requested_datetime,
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
      );
      assert.match(r.updated_datetime, /(Z|[+-]\d{2}:\d{2})$/);

      const listed = await t.app.inject({
        url: `/open311/v2/requests.json?service_code=${serviceCode}&status=open`,
      });
      assert.equal(listed.statusCode, 200);
      assert.ok(
        listed
          .json<Array<{ service_request_id: string }>>()
          .some((x) => x.service_request_id === r.service_request_id),
      );
      const closedOnly = await t.app.inject({ url: `/open311/v2/requests.json?status=closed` });
      assert.ok(
        !closedOnly
          .json<Array<{ service_request_id: string }>>()
          .some((x) => x.service_request_id === r.service_request_id),
      );
      const xml = await t.app.inject({
        url: `/open311/v2/requests/${r.service_request_id as string}.xml`,
      });
      assert.match(xml.body, /<service_requests><request>[\s\S]*<service_request_id>/);
    });

    it('does join an open request of the service nearby and answer a token that resolves to it', async () => {
      // 110 m from the other tests' reports (the duplicate radius is 50 m), then the same again.
      const here = { lat: String(spot.lat + 0.001), long: String(spot.lon) };
      const first = await post({ ...validFields(), ...here });
      assert.equal(first.statusCode, 201, first.body);
      const second = await post({ ...validFields(), ...here, description: '又一位市民反映' });
      assert.equal(second.statusCode, 201, second.body);
      const [filed] = first.json<Array<{ service_request_id: string; token: string }>>();
      const [joined] =
        second.json<Array<{ service_request_id: string; token: string; service_notice: string }>>();
      assert.equal(joined!.service_request_id, filed!.service_request_id);
      assert.ok(joined!.service_notice.length > 0, 'the notice says it joined');
      assert.notEqual(joined!.token, filed!.token);
      for (const token of [filed!.token, joined!.token]) {
        assert.match(token, /^[0-9a-f]{32}$/);
        const res = await t.app.inject({ url: `/open311/v2/tokens/${token}.json` });
        assert.equal(res.statusCode, 200, res.body);
        assert.deepEqual(res.json(), [{ service_request_id: filed!.service_request_id, token }]);
      }
      const { rows } = await sql<{ reporter_count: number }>`SELECT reporter_count FROM cases
        WHERE case_number = ${filed!.service_request_id}`.execute(t.ctx.db);
      assert.deepEqual(rows, [{ reporter_count: 2 }]);
    });

    it('does answer 400 when the date window is longer than 90 days', async () => {
      const res = await t.app.inject({
        url: '/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-05-01T00:00:00Z',
      });
      assert.equal(res.statusCode, 400);
      assertErrorList(res.json(), 400);
      const ok = await t.app.inject({
        url: '/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-03-01T00:00:00Z',
      });
      assert.equal(ok.statusCode, 200);
      assert.deepEqual(ok.json(), []);
    });

    it('does answer 404 with an error list when the request id is unknown', async () => {
      const res = await t.app.inject({ url: '/open311/v2/requests/500105-19990101-99999.json' });
      assert.equal(res.statusCode, 404);
      assertErrorList(res.json(), 404);
    });

    it('does accept the demo key demo-open311 once the demo seeder made it', async () => {
      assert.equal(await seedDemoOpen311Key(t.ctx, 'inspector'), true);
      assert.equal(await seedDemoOpen311Key(t.ctx, 'inspector'), false);
      const res = await post({ ...validFields(), api_key: 'demo-open311' });
      assert.ok(res.statusCode === 200 || res.statusCode === 201, res.body);
      assert.equal(typeof res.json()[0].service_request_id, 'string');
    });
  });
}
