import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type {
  BundleApplicationView,
  BundleDetail,
  BundleList,
  CreateServiceItemBody,
} from '@citygov/contracts';
import {
  createUser,
  databaseKinds,
  openSession,
  startTestApp,
  type Session,
  type TestApp,
} from '../../../test-support/harness.ts';
import { residentIdCheckChar } from '../../../platform/crypto/identifiers.ts';
import { insertPerson } from '../../../platform/people/index.ts';
import { findTestDepartments, recordUpload, sampleItemBody } from '../test-fixtures.ts';
import type { ApplicationTables } from '../applications/application-tables.ts';
import { saveBundle } from './bundle-repository.ts';
import { checkBundleSpec, type BundleSpec } from './bundle-definition.ts';

const residentId = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
const PARENT_ID = residentId('50010319900101123');
const OTHER_ID = residentId('50010319920202234');
const BABY_ID = residentId('50010320240305001');

const text = (zh: string) => ({ zh, en: zh });
const material = (
  name: string,
  o: Partial<CreateServiceItemBody['materials'][number]> = {},
): CreateServiceItemBody['materials'][number] => ({
  name,
  forms: ['original'],
  copies: 1,
  requirement: 'required',
  source: 'applicant',
  ...o,
});

for (const kind of databaseKinds()) {
  describe(`一件事一次办 bundles over HTTP (${kind})`, () => {
    let t: TestApp;
    let citizen: Session;
    let other: Session;
    let reviewer: Session;
    let reviewerJiangbei: Session;
    let citizenUserId: number;
    const items: Record<string, string> = {};
    let fileN = 0;

    const req = (
      method: 'GET' | 'POST',
      url: string,
      s: Session | null,
      payload?: object,
      headers: Record<string, string> = {},
    ) =>
      t.app.inject({
        method,
        url,
        headers: { ...(s?.headers ?? {}), ...headers },
        ...(payload !== undefined && { payload }),
      });
    const count = async (table: string) => {
      const { n } = await t.ctx.db
        .selectFrom(table as 'workflow_instances')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(n);
    };
    const counts = async () => ({
      applications: await count('service_applications'),
      instances: await count('workflow_instances'),
      parents: await count('service_bundle_applications'),
      links: await count('service_bundle_application_members'),
      materials: await count('service_application_materials'),
    });
    /** A file the citizen uploaded (as the upload route records it). */
    const uploaded = async () =>
      recordUpload(t.ctx.db, `user:${citizenUserId}`, `bundle material ${++fileN}`);
    const createItem = async (name: string, body: CreateServiceItemBody) => {
      const admin = await openSession(t.ctx, 1);
      const res = await req('POST', '/api/admin/services/items', admin, body);
      assert.equal(res.statusCode, 201, res.body);
      items[name] = res.json<{ code: string }>().code;
    };

    before(async () => {
      t = await startTestApp(kind);
      const { yuzhong } = await findTestDepartments(t.ctx.db);
      const jb = await t.ctx.db
        .selectFrom('departments')
        .select('id')
        .where('code', '=', 'JB-CGJ')
        .executeTakeFirstOrThrow();
      await createUser(t.ctx, { username: 'admin', roles: [{ role: 'admin' }] }); // id 1
      const person = async (name: string, idNumber: string) =>
        insertPerson(t.ctx, t.ctx.db, {
          name,
          idNumber,
          phone: null,
          regionCode: '500103',
          address: null,
        });
      citizenUserId = await createUser(t.ctx, {
        username: 'citizen1',
        kind: 'citizen',
        regionCode: '500103',
        personId: await person('张三', PARENT_ID),
        roles: [{ role: 'citizen' }],
      });
      const otherId = await createUser(t.ctx, {
        username: 'citizen2',
        kind: 'citizen',
        regionCode: '500103',
        personId: await person('李四', OTHER_ID),
        roles: [{ role: 'citizen' }],
      });
      const staff = async (
        username: string,
        role: string,
        regionCode: string,
        departmentId: number,
      ) =>
        openSession(
          t.ctx,
          await createUser(t.ctx, { username, regionCode, departmentId, roles: [{ role }] }),
        );
      citizen = await openSession(t.ctx, citizenUserId);
      other = await openSession(t.ctx, otherId);
      reviewer = await staff('reviewer.yuzhong', 'reviewer', '500103', yuzhong.id);
      reviewerJiangbei = await staff('reviewer.jiangbei', 'reviewer', '500105', jb.id);

      const citizenItem = {
        audience: 'citizen' as const,
        specialSteps: [],
        isLicensing: false,
        issuedLicenceType: null,
      };
      // 1: issues the certificate the second member needs; its own form is replaced by the bundle's.
      await createItem(
        'certificate',
        sampleItemBody(yuzhong.id, {
          ...citizenItem,
          typeCode: 'GG',
          mainCode: '00931',
          name: '出生医学证明首次签发',
          isLicensing: true,
          issuedLicenceType: 'birth_certificate',
          resultName: '出生医学证明',
          channels: ['web', 'mobile', 'window'],
          materials: [
            material('出生医学证明首次签发登记表', { blankFormRef: 'forms/dengji.docx' }),
            material('新生儿父母居民身份证', { forms: ['copy'], licenceType: 'id_card' }),
          ],
        }),
      );
      // 2: needs the certificate (a sibling's result) and the parents' ID (shared with 1).
      await createItem(
        'hukou',
        sampleItemBody(yuzhong.id, {
          ...citizenItem,
          typeCode: 'QR',
          mainCode: '00932',
          name: '出生登记（新生儿入户）',
          channels: ['web', 'mobile', 'window'],
          materials: [
            material('出生医学证明', { source: 'department', licenceType: 'birth_certificate' }),
            material('父母双方居民身份证', { forms: ['copy'], licenceType: 'id_card' }),
            material('居民户口簿', { licenceType: 'household_register' }),
          ],
        }),
      );
      // 3: another district's department, web only.
      await createItem(
        'insurance',
        sampleItemBody(jb.id, {
          ...citizenItem,
          typeCode: 'GG',
          mainCode: '00933',
          name: '城乡居民基本医疗保险参保登记',
          channels: ['web', 'window'],
          materials: [material('居民户口簿', { licenceType: 'household_register' })],
        }),
      );
      const spec: BundleSpec = {
        code: 'newborn',
        regionCode: '500000',
        name: '新生儿出生一件事',
        description: '出生医学证明、落户、医保参保一次办',
        audience: 'citizen',
        lifeEventCode: null,
        sortOrder: 1,
        members: [items.certificate!, items.hukou!, items.insurance!],
        fields: [
          {
            key: 'contactPhone',
            label: text('联系电话'),
            type: 'phone',
            isRequired: true,
            targets: [1, 2, 3].map((member) => ({ member, formField: 'contactPhone' })),
          },
          {
            key: 'babyName',
            label: text('新生儿姓名'),
            type: 'text',
            isRequired: true,
            maxLength: 20,
            targets: [
              { member: 1, formField: 'babyName' },
              { member: 2, formField: 'name' },
              { member: 3, formField: 'insuredName' },
            ],
          },
          {
            key: 'birthDate',
            label: text('出生日期'),
            type: 'date',
            isRequired: true,
            targets: [
              { member: 1, formField: 'birthDate' },
              { member: 2, formField: 'birthDate' },
            ],
          },
          {
            key: 'babyIdNumber',
            label: text('新生儿公民身份号码'),
            type: 'id_number',
            isRequired: false,
            targets: [{ member: 3, formField: 'idNumber' }],
          },
          {
            key: 'hospital',
            label: text('出生医院'),
            type: 'select',
            isRequired: true,
            options: [{ value: 'cq-fy', label: text('重庆市妇幼保健院') }],
            targets: [{ member: 1, formField: 'hospital' }],
          },
        ],
      };
      assert.deepEqual(checkBundleSpec(spec), []);
      await t.ctx.db.transaction().execute((trx) => saveBundle(trx, spec));
    });
    after(() => t.close());

    const goodForm = {
      contactPhone: '13800138000',
      babyName: ' 张小宝 ',
      birthDate: '2024-03-05',
      babyIdNumber: BABY_ID,
      hospital: 'cq-fy',
    };
    const goodMaterials = async () => [
      { key: 'lic_id_card', fileSha256: await uploaded() },
      { key: 'lic_household_register', fileSha256: await uploaded() },
    ];

    it('refuses a bundle definition whose member would lack a required form field', () => {
      const issues = checkBundleSpec({
        code: 'bad',
        regionCode: '500000',
        name: 'x',
        description: 'x',
        audience: 'citizen',
        lifeEventCode: null,
        sortOrder: 0,
        members: ['A', 'B'],
        fields: [
          {
            key: 'contactPhone',
            label: text('电话'),
            type: 'phone',
            isRequired: true,
            targets: [
              { member: 1, formField: 'contactPhone' },
              { member: 3, formField: 'x' },
            ],
          },
        ],
      });
      assert.ok(
        issues.some((i) => i.includes('member 2 (B) gets no required field for "contactPhone"')),
        issues.join('\n'),
      );
      assert.ok(
        issues.some((i) => i.includes('targets member 3')),
        issues.join('\n'),
      );
    });

    it('lists the bundle and shows the merged form: each shared field once, each material once, none it need not hand in', async () => {
      const list = (await req('GET', '/api/services/bundles', null)).json<BundleList>();
      assert.equal(list.items.length, 1);
      assert.deepEqual(
        list.items[0]!.members.map((m) => m.itemName),
        ['出生医学证明首次签发', '出生登记（新生儿入户）', '城乡居民基本医疗保险参保登记'],
      );
      const res = await req('GET', '/api/services/bundles/newborn', null);
      assert.equal(res.statusCode, 200, res.body);
      const detail = res.json<BundleDetail>();
      assert.equal(detail.fields.length, 5, 'five fields instead of ten');
      assert.equal(detail.fieldsSeparately, 10);
      const baby = detail.fields.find((f) => f.key === 'babyName')!;
      assert.equal(baby.isShared, true);
      assert.equal(baby.targets.length, 3);
      assert.equal(detail.fields.find((f) => f.key === 'hospital')!.isShared, false);
      // The ID card serves 1 and 2, the household register 2 and 3; the certificate comes from
      // member 1 and the 登记表 is the merged form itself.
      assert.deepEqual(
        detail.materials.map((m) => [m.key, m.uses.map((u) => u.itemCode)]),
        [
          ['lic_id_card', [items.certificate, items.hukou]],
          ['lic_household_register', [items.hukou, items.insurance]],
        ],
      );
      assert.equal(detail.materialsSeparately, 6);
      assert.equal(detail.materialsMerged, 2);
      assert.deepEqual(detail.channels, ['web', 'window'], 'where every member is offered');
      assert.equal((await req('GET', '/api/services/bundles/nothing', null)).statusCode, 404);
    });

    it('refuses bad input whole, naming the field and the members it fills, and writes nothing', async () => {
      const before = await counts();
      const missing = await req('POST', '/api/services/bundles/newborn/applications', citizen, {
        form: { ...goodForm, babyName: '' },
        materials: await goodMaterials(),
      });
      assert.equal(missing.statusCode, 400, missing.body);
      const body = missing.json<{
        message: string;
        details: { field: string; members: Array<{ itemCode: string }> };
      }>();
      assert.equal(body.details.field, 'form.babyName');
      assert.deepEqual(
        body.details.members.map((m) => m.itemCode),
        [items.certificate, items.hukou, items.insurance],
      );
      assert.match(body.message, /新生儿姓名/);

      const badId = await req('POST', '/api/services/bundles/newborn/applications', citizen, {
        form: { ...goodForm, babyIdNumber: '500103202403050010' },
        materials: await goodMaterials(),
      });
      assert.equal(badId.statusCode, 400);
      assert.equal(badId.json<{ details: { field: string } }>().details.field, 'form.babyIdNumber');

      const stray = await req('POST', '/api/services/bundles/newborn/applications', citizen, {
        form: { ...goodForm, nickname: 'x' },
        materials: await goodMaterials(),
      });
      assert.equal(stray.statusCode, 400);
      assert.equal(stray.json<{ details: { field: string } }>().details.field, 'form.nickname');

      // Member 3 is not offered on mobile: the whole submission is refused, naming member 3.
      const channel = await req('POST', '/api/services/bundles/newborn/applications', citizen, {
        form: goodForm,
        materials: await goodMaterials(),
        channel: 'mobile',
      });
      assert.equal(channel.statusCode, 400, channel.body);
      const refusal = channel.json<{
        message: string;
        details: { field: string; member: { seq: number; itemCode: string } };
      }>();
      assert.equal(refusal.details.member.seq, 3);
      assert.equal(refusal.details.member.itemCode, items.insurance);
      assert.equal(refusal.details.field, 'channel');
      assert.match(refusal.message, /城乡居民基本医疗保险参保登记/);

      // A material missing for members 2 and 3: named by the member first asking and by its key.
      const lacking = await req('POST', '/api/services/bundles/newborn/applications', citizen, {
        form: goodForm,
        materials: [{ key: 'lic_id_card', fileSha256: await uploaded() }],
      });
      assert.equal(lacking.statusCode, 400, lacking.body);
      const lack = lacking.json<{
        details: { member: { seq: number }; missing: Array<{ key: string }> };
      }>();
      assert.equal(lack.details.member.seq, 2);
      assert.deepEqual(
        lack.details.missing.map((m) => m.key),
        ['lic_household_register'],
      );

      const unknownKey = await req('POST', '/api/services/bundles/newborn/applications', citizen, {
        form: goodForm,
        materials: [...(await goodMaterials()), { key: 'm_nothing', fileSha256: await uploaded() }],
      });
      assert.equal(unknownKey.statusCode, 400);
      assert.equal(
        unknownKey.json<{ details: { field: string } }>().details.field,
        'materials[2].key',
      );

      assert.deepEqual(await counts(), before, 'nothing half-written');
    });

    it('creates every member application in its department, on its own workflow, and one parent the applicant follows', async () => {
      const before = await counts();
      const body = { form: goodForm, materials: await goodMaterials() };
      const res = await req('POST', '/api/services/bundles/newborn/applications', citizen, body, {
        'idempotency-key': 'newborn-1',
      });
      assert.equal(res.statusCode, 201, res.body);
      const parent = res.json<BundleApplicationView>();
      assert.match(parent.number, /^YJS-\d{8}-000001$/);
      assert.equal(parent.state, 'in_progress');
      assert.equal(parent.members.length, 3);
      assert.deepEqual(
        parent.members.map((m) => m.state),
        ['submitted', 'submitted', 'submitted'],
      );
      // A retry with the same key gets the same answer and creates nothing more.
      const again = await req('POST', '/api/services/bundles/newborn/applications', citizen, body, {
        'idempotency-key': 'newborn-1',
      });
      assert.equal(again.statusCode, 201, again.body);
      assert.equal(again.json<BundleApplicationView>().id, parent.id);
      const after = await counts();
      assert.equal(after.applications, before.applications + 3);
      assert.equal(after.instances, before.instances + 3);
      assert.equal(after.parents, before.parents + 1);

      // Each member is an ordinary application: its own number, department, workflow and form share.
      const rows = await t.ctx.db
        .withTables<ApplicationTables>()
        .selectFrom('service_applications')
        .select(['id', 'item_code', 'department_id', 'form', 'instance_id'])
        .where(
          'id',
          'in',
          parent.members.map((m) => m.applicationId),
        )
        .orderBy('id')
        .execute();
      assert.deepEqual(
        rows.map((r) => r.item_code),
        [items.certificate, items.hukou, items.insurance],
      );
      assert.deepEqual(rows[0]!.form, {
        contactPhone: '13800138000',
        babyName: '张小宝',
        birthDate: '2024-03-05',
        hospital: 'cq-fy',
      });
      assert.deepEqual(rows[1]!.form, {
        contactPhone: '13800138000',
        name: '张小宝',
        birthDate: '2024-03-05',
      });
      assert.deepEqual(rows[2]!.form, {
        contactPhone: '13800138000',
        insuredName: '张小宝',
        idNumber: BABY_ID,
      });
      assert.equal(new Set(rows.map((r) => r.department_id)).size, 2);
      const memberView = await req('GET', `/api/services/applications/${rows[1]!.id}`, citizen);
      assert.equal(memberView.statusCode, 200);
      assert.deepEqual(
        memberView
          .json<{ subject: { materials: Array<{ materialId: number }> } }>()
          .subject.materials.map((m) => m.materialId),
        [2, 3],
        'the certificate is awaited from member 1, not asked',
      );

      // The applicant follows the parent; another citizen does not see it; a member's reviewer does.
      assert.equal(
        (await req('GET', `/api/services/bundle-applications/${parent.id}`, citizen)).statusCode,
        200,
      );
      assert.equal(
        (await req('GET', `/api/services/bundle-applications/${parent.id}`, other)).statusCode,
        404,
      );
      assert.equal(
        (await req('GET', `/api/services/bundle-applications/${parent.id}`, reviewerJiangbei))
          .statusCode,
        200,
      );
      const mine = await req('GET', '/api/services/bundle-applications', citizen);
      assert.deepEqual(
        mine.json<{ items: Array<{ id: number }> }>().items.map((i) => i.id),
        [parent.id],
      );
      assert.deepEqual((await req('GET', '/api/services/bundle-applications', other)).json(), {
        items: [],
      });
    });

    it('is done only when every member is finished, and shows a refused member with its reason', async () => {
      const res = await req('POST', '/api/services/bundles/newborn/applications', citizen, {
        form: goodForm,
        materials: await goodMaterials(),
      });
      assert.equal(res.statusCode, 201, res.body);
      const parent = res.json<BundleApplicationView>();
      const [certificate, hukou, insurance] = parent.members.map((m) => m.applicationId) as [
        number,
        number,
        number,
      ];
      const act = async (s: Session, id: number, action: string, body: object = {}) => {
        const r = await req('POST', `/api/services/applications/${id}/actions/${action}`, s, body);
        assert.equal(r.statusCode, 200, `${action}: ${r.body}`);
      };
      const view = async () =>
        (
          await req('GET', `/api/services/bundle-applications/${parent.id}`, citizen)
        ).json<BundleApplicationView>();

      await act(reviewerJiangbei, insurance, 'not_accept', {
        note: '户籍不在本区，请向户籍地申请',
      });
      let v = await view();
      assert.equal(v.state, 'in_progress', 'two members are still open');
      const refused = v.members[2]!;
      assert.equal(refused.isRefused, true);
      assert.equal(refused.refusalReason, '户籍不在本区，请向户籍地申请');
      assert.equal(v.refusedMembers, 1);

      // Both run on workflows where the reviewer decides (公共服务, 行政确认).
      for (const id of [certificate, hukou]) {
        await act(reviewer, id, 'accept');
        await act(reviewer, id, 'approve');
      }
      v = await view();
      assert.equal(v.state, 'in_progress', 'approved is not yet delivered');
      assert.ok(v.members[0]!.licenceNumber, 'the certificate was issued');
      await act(reviewer, certificate, 'deliver');
      assert.equal((await view()).state, 'in_progress');
      await act(reviewer, hukou, 'deliver');
      v = await view();
      assert.equal(v.state, 'done_with_refusals');
      assert.equal(v.finishedMembers, 3);
      assert.ok(v.finishedAt);
    });
  });
}
