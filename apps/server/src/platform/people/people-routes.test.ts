import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { residentIdCheckChar } from '../crypto/identifiers.ts';
import {
  createUser,
  databaseKinds,
  loginAs,
  startTestApp,
  type Session,
  type TestApp,
} from '../../test-support/harness.ts';

const withCheck = (first17: string) => first17 + residentIdCheckChar(first17);
const yuzhongId = withCheck('50010319850612341');
const jiangbeiId = withCheck('50010519900101222');

for (const kind of databaseKinds()) {
  describe(`people (${kind})`, () => {
    let t: TestApp;
    let clerkYz: Session;
    let clerkJb: Session;
    let handlerYz: Session;
    let cityClerk: Session;
    let yzPersonId: number;
    let jbPersonId: number;

    const call = (s: Session | null, method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: s?.headers ?? {}, ...(payload && { payload }) });

    before(async () => {
      t = await startTestApp(kind);
      // Departments of the test org: 1 市城市管理局, 2 渝中区城市管理局, 3 江北区城市管理局.
      await createUser(t.ctx, {
        username: 'clerk.yz',
        regionCode: '500103',
        departmentId: 2,
        roles: [{ role: 'clerk', departmentId: null }],
      });
      await createUser(t.ctx, {
        username: 'clerk.jb',
        regionCode: '500105',
        departmentId: 3,
        roles: [{ role: 'clerk', departmentId: null }],
      });
      await createUser(t.ctx, {
        username: 'handler.yz',
        regionCode: '500103',
        departmentId: 2,
        roles: [{ role: 'handler' }],
      });
      await createUser(t.ctx, { username: 'clerk.city', roles: [{ role: 'clerk' }] });
      clerkYz = await loginAs(t.app, 'clerk.yz');
      clerkJb = await loginAs(t.app, 'clerk.jb');
      handlerYz = await loginAs(t.app, 'handler.yz');
      cityClerk = await loginAs(t.app, 'clerk.city');

      const yz = await call(clerkYz, 'POST', '/api/people', {
        name: '陈小红',
        idNumber: yuzhongId,
        phone: '13812341234',
        regionCode: '500103001',
      });
      assert.equal(yz.statusCode, 201, yz.body);
      yzPersonId = yz.json().id;
      const jb = await call(clerkJb, 'POST', '/api/people', {
        name: '刘强',
        idNumber: jiangbeiId,
        phone: '13912345678',
        regionCode: '500105001',
      });
      assert.equal(jb.statusCode, 201, jb.body);
      jbPersonId = jb.json().id;
    });
    after(() => t.close());

    it('answers masked identifiers and never stores them in clear', async () => {
      const res = await call(clerkYz, 'GET', `/api/people/${yzPersonId}`);
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.idNumberMasked, `5001**********${yuzhongId.slice(14)}`);
      assert.equal(body.phoneMasked, '138****1234');
      assert.equal(body.birthDate, '1985-06-12');
      assert.equal(body.gender, 'M');
      assert.ok(!res.body.includes(yuzhongId));
      const row = await t.ctx.db
        .selectFrom('persons')
        .selectAll()
        .where('id', '=', yzPersonId)
        .executeTakeFirstOrThrow();
      assert.ok(!JSON.stringify(row).includes(yuzhongId));
      assert.ok(!JSON.stringify(row).includes('13812341234'));
    });

    it('refuses a person whose ID check character is wrong, naming the field', async () => {
      const bad = yuzhongId.slice(0, 17) + (yuzhongId[17] === '0' ? '1' : '0');
      const res = await call(clerkYz, 'POST', '/api/people', {
        name: '王五',
        idNumber: bad,
        regionCode: '500103001',
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().details.field, 'idNumber');
    });

    it('refuses to register a resident in another district', async () => {
      const res = await call(clerkYz, 'POST', '/api/people', {
        name: '赵六',
        idNumber: withCheck('50010519700101111'),
        regionCode: '500105001',
      });
      assert.equal(res.statusCode, 403);
    });

    it('answers 409 for an ID number registered twice', async () => {
      const res = await call(cityClerk, 'POST', '/api/people', {
        name: '陈小红',
        idNumber: yuzhongId,
        regionCode: '500103001',
      });
      assert.equal(res.statusCode, 409);
    });

    it('finds a resident by ID number or phone within the district', async () => {
      const byId = await call(handlerYz, 'GET', `/api/people?idNumber=${yuzhongId}`);
      assert.equal(byId.statusCode, 200);
      assert.deepEqual(
        byId.json().items.map((p: { id: number }) => p.id),
        [yzPersonId],
      );
      const byPhone = await call(handlerYz, 'GET', '/api/people?phone=13812341234');
      assert.equal(byPhone.json().items[0].id, yzPersonId);
    });

    it("answers 404 when a district officer looks up another district's resident", async () => {
      const byId = await call(handlerYz, 'GET', `/api/people?idNumber=${jiangbeiId}`);
      assert.equal(byId.statusCode, 404);
      const byPhone = await call(handlerYz, 'GET', '/api/people?phone=13912345678');
      assert.equal(byPhone.statusCode, 404);
      const direct = await call(handlerYz, 'GET', `/api/people/${jbPersonId}`);
      assert.equal(direct.statusCode, 404);
      const listed = await call(handlerYz, 'GET', '/api/people?limit=200');
      const ids = listed.json().items.map((p: { id: number }) => p.id);
      assert.ok(ids.includes(yzPersonId));
      assert.ok(!ids.includes(jbPersonId));
      // The city-level clerk sees both.
      const city = await call(cityClerk, 'GET', `/api/people?idNumber=${jiangbeiId}`);
      assert.equal(city.json().items[0].id, jbPersonId);
    });

    it('finds residents by the start of their name, within the district only', async () => {
      const byName = await call(handlerYz, 'GET', `/api/people?name=${encodeURIComponent('陈小')}`);
      assert.equal(byName.statusCode, 200);
      assert.deepEqual(
        byName.json().items.map((p: { id: number }) => p.id),
        [yzPersonId],
      );
      const middle = await call(handlerYz, 'GET', `/api/people?name=${encodeURIComponent('小红')}`);
      assert.deepEqual(middle.json().items, []);
      const other = await call(handlerYz, 'GET', `/api/people?name=${encodeURIComponent('刘')}`);
      assert.deepEqual(other.json().items, []);
    });

    it('reveals clear values only with people:read-pii in the region and a purpose', async () => {
      const noPurpose = await call(clerkYz, 'POST', `/api/people/${yzPersonId}/reveal`, {});
      assert.equal(noPurpose.statusCode, 400);
      const handler = await call(handlerYz, 'POST', `/api/people/${yzPersonId}/reveal`, {
        purpose: '核实身份',
      });
      assert.equal(handler.statusCode, 403);
      const otherDistrict = await call(clerkJb, 'POST', `/api/people/${yzPersonId}/reveal`, {
        purpose: '核实身份',
      });
      assert.equal(otherDistrict.statusCode, 404);
      const res = await call(clerkYz, 'POST', `/api/people/${yzPersonId}/reveal`, {
        purpose: '办理居住证，核对申请人身份',
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().idNumber, yuzhongId);
      assert.equal(res.json().phone, '13812341234');
    });

    it('writes an audit entry with the person and purpose for each reveal', async () => {
      const purpose = `核对低保申请材料 ${kind}`;
      const res = await call(cityClerk, 'POST', `/api/people/${jbPersonId}/reveal`, { purpose });
      assert.equal(res.statusCode, 200);
      const entries = await t.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'people.reveal')
        .where('person_id', '=', jbPersonId)
        .execute();
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.purpose, purpose);
      assert.equal(entries[0]!.actor_name, 'clerk.city');
      assert.equal(entries[0]!.region_code, '500105001');
    });

    it('shows the citizen every audited use of their data, by department and not by name', async () => {
      const citizenId = await createUser(t.ctx, {
        username: 'citizen.chen',
        kind: 'citizen',
        regionCode: '500103',
        personId: yzPersonId,
      });
      assert.ok(citizenId > 0);
      const purpose = '受理户口迁移，核对身份';
      await call(clerkYz, 'POST', `/api/people/${yzPersonId}/reveal`, { purpose });
      const citizen = await loginAs(t.app, 'citizen.chen');
      const res = await call(citizen, 'GET', '/api/me/data-uses');
      assert.equal(res.statusCode, 200);
      const uses = res.json().items as Array<Record<string, unknown>>;
      const reveal = uses.find((u) => u.purpose === purpose);
      assert.ok(reveal, 'the reveal is listed');
      assert.equal(reveal.action, 'people.reveal');
      assert.equal(reveal.department, '渝中区城市管理局');
      assert.equal(reveal.role, 'clerk');
      assert.ok(!res.body.includes('clerk.yz'), 'staff usernames are not shown');
      assert.ok(uses.some((u) => u.action === 'people.search'));
      assert.ok(uses.some((u) => u.action === 'people.register'));
      // Another citizen sees none of it.
      await createUser(t.ctx, {
        username: 'citizen.nobody',
        kind: 'citizen',
        regionCode: '500103',
      });
      const other = await loginAs(t.app, 'citizen.nobody');
      const none = await call(other, 'GET', '/api/me/data-uses');
      assert.deepEqual(none.json().items, []);
    });

    it('registers enterprises with a valid code and refuses a corrupted one', async () => {
      const ok = await call(clerkYz, 'POST', '/api/enterprises', {
        name: '重庆山城餐饮管理有限公司',
        uscc: '91350100M000100Y43',
        legalRepresentative: '张伟',
        regionCode: '500103',
      });
      assert.equal(ok.statusCode, 201, ok.body);
      const bad = await call(clerkYz, 'POST', '/api/enterprises', {
        name: '重庆两江物流有限公司',
        uscc: '91350100M000100Y44',
        legalRepresentative: '张伟',
        regionCode: '500103',
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().details.field, 'uscc');
      const found = await call(handlerYz, 'GET', '/api/enterprises?uscc=91350100M000100Y43');
      assert.equal(found.json().items.length, 1);
      const elsewhere = await call(clerkJb, 'GET', '/api/enterprises?uscc=91350100M000100Y43');
      assert.equal(elsewhere.json().items.length, 0);
    });
  });
}
