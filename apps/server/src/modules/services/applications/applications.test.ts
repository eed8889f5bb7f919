import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationList, CreateServiceItemBody, WorkflowView } from '@citygov/contracts';
import {
  createUser,
  databaseKinds,
  insertApiKey,
  openSession,
  startTestApp,
  type Session,
  type TestApp,
} from '../../../test-support/harness.ts';
import { residentIdCheckChar } from '../../../platform/crypto/identifiers.ts';
import { insertPerson } from '../../../platform/people/index.ts';
import { findAccessibleFile } from '../../../platform/files/index.ts';
import { loadUserPrincipal, resolveApiKey } from '../../../platform/auth/sessions.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { findTestDepartments, recordUpload, sampleItemBody } from '../test-fixtures.ts';
import type { ApplicationTables } from './application-tables.ts';
import { listApplications, selectApplications } from './application-queries.ts';
import { isoOf, listMineAsJson } from './application-mine.ts';

const residentId = (first17: string) => `${first17}${residentIdCheckChar(first17)}`;
const ID1 = residentId('50010319800101123');
const ID2 = residentId('50010319900202234');

interface AppView extends WorkflowView {
  subject: {
    id: number;
    number: string;
    materials: Array<{
      materialId: number;
      kind: string;
      isReused: boolean;
      licenceNumber: string | null;
      round: number;
    }>;
    licenceNumber: string | null;
    applicantIdHint: string;
  };
}

for (const kind of databaseKinds()) {
  describe(`applications (办件) and licences over HTTP (${kind})`, () => {
    let t: TestApp;
    let citizen: Session;
    let clerk: Session;
    let reviewer: Session;
    let approver: Session;
    let reviewerJiangbei: Session;
    let keySecret: string;
    let otherKeySecret: string;
    let citizenUserId: number;
    let enterpriseUserId: number;
    let enterpriseId: number;
    const items: Record<string, string> = {};
    let fileN = 0;

    const req = (
      method: 'GET' | 'POST',
      url: string,
      s: Session | string | null,
      payload?: object,
    ) =>
      t.app.inject({
        method,
        url,
        headers: typeof s === 'string' ? { 'x-api-key': s } : (s?.headers ?? {}),
        ...(payload !== undefined && { payload }),
      });
    const act = (s: Session, id: number, action: string, body: object = {}) =>
      req('POST', `/api/services/applications/${id}/actions/${action}`, s, body);
    const countRows = async (
      table:
        | 'service_applications'
        | 'service_application_materials'
        | 'workflow_instances'
        | 'licence_uses',
    ) => {
      const { n } = await t.ctx.db
        .selectFrom(table as 'workflow_instances')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(n);
    };
    /** A file the principal uploaded (as the upload route records it). */
    const uploaded = async (identity: string) =>
      recordUpload(t.ctx.db, identity, `material ${++fileN}`);
    const createItem = async (name: string, body: CreateServiceItemBody) => {
      const admin = await openSession(t.ctx, 1);
      const res = await req('POST', '/api/admin/services/items', admin, body);
      assert.equal(res.statusCode, 201, res.body);
      items[name] = res.json<{ code: string }>().code;
    };
    const apply = async (s: Session | string, body: object) =>
      req('POST', '/api/services/applications', s, body);
    const form = { contactPhone: '13800138000', purpose: '临时占道' };
    /** Applies for item `name` as `s` with the form and both required materials, uploaded by `userId`. */
    const applyWithMaterials = async (s: Session, userId: number, name: string) => {
      const itemCode = items[name];
      const materials = [];
      for (const materialId of [1, 2]) {
        materials.push({ materialId, fileSha256: await uploaded(`user:${userId}`) });
      }
      return apply(s, { itemCode, form, materials });
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
      const p1 = await insertPerson(t.ctx, t.ctx.db, {
        name: '张三',
        idNumber: ID1,
        phone: null,
        regionCode: '500103',
        address: null,
      });
      await insertPerson(t.ctx, t.ctx.db, {
        name: '李四',
        idNumber: ID2,
        phone: null,
        regionCode: '500103',
        address: null,
      });
      citizenUserId = await createUser(t.ctx, {
        username: 'citizen1',
        kind: 'citizen',
        regionCode: '500103',
        personId: p1,
        roles: [{ role: 'citizen' }],
      });
      const clerkId = await createUser(t.ctx, {
        username: 'clerk.yuzhong',
        regionCode: '500103',
        roles: [{ role: 'clerk', departmentId: null }],
      });
      const reviewerId = await createUser(t.ctx, {
        username: 'reviewer.yuzhong',
        regionCode: '500103',
        departmentId: yuzhong.id,
        roles: [{ role: 'reviewer' }],
      });
      const approverId = await createUser(t.ctx, {
        username: 'approver.yuzhong',
        regionCode: '500103',
        departmentId: yuzhong.id,
        roles: [{ role: 'approver' }],
      });
      const rjId = await createUser(t.ctx, {
        username: 'reviewer.jiangbei',
        regionCode: '500105',
        departmentId: jb.id,
        roles: [{ role: 'reviewer' }],
      });
      ({ id: enterpriseId } = await t.ctx.db
        .insertInto('enterprises')
        .values({
          region_code: '500103',
          name: '重庆渝中某餐饮管理有限公司',
          uscc: '91500103MA5UTEST01',
          legal_representative: '王五',
        })
        .returning('id')
        .executeTakeFirstOrThrow());
      enterpriseUserId = await createUser(t.ctx, {
        username: 'enterprise1',
        kind: 'enterprise',
        regionCode: '500103',
        enterpriseId,
        roles: [{ role: 'enterprise' }],
      });
      citizen = await openSession(t.ctx, citizenUserId);
      clerk = await openSession(t.ctx, clerkId);
      reviewer = await openSession(t.ctx, reviewerId);
      approver = await openSession(t.ctx, approverId);
      reviewerJiangbei = await openSession(t.ctx, rjId);

      const base = {
        audience: 'citizen' as const,
        channels: ['web' as const, 'mobile' as const, 'window' as const, 'bank_terminal' as const],
        materials: [
          {
            name: '占道经营申请表',
            forms: ['original' as const],
            copies: 1,
            requirement: 'required' as const,
            source: 'applicant' as const,
          },
          {
            name: '场地平面图',
            forms: ['copy' as const],
            copies: 1,
            requirement: 'required' as const,
            source: 'applicant' as const,
          },
          {
            name: '授权委托书',
            forms: ['original' as const],
            copies: 1,
            requirement: 'conditional' as const,
            condition: '委托他人办理的',
            source: 'applicant' as const,
          },
        ],
      };
      await createItem(
        'permit',
        sampleItemBody(yuzhong.id, {
          ...base,
          name: '临时占用道路经营许可',
          mainCode: '00911',
          issuedLicenceType: 'street_vending_permit',
          resultName: '临时占道经营许可证',
        }),
      );
      await createItem(
        'renewal',
        sampleItemBody(yuzhong.id, {
          ...base,
          name: '临时占道经营许可延续',
          mainCode: '00912',
          issuedLicenceType: 'street_vending_permit',
          materials: [
            base.materials[0]!,
            {
              name: '原临时占道经营许可证',
              forms: ['copy'],
              copies: 1,
              requirement: 'required',
              source: 'department',
              licenceType: 'street_vending_permit',
            },
          ],
        }),
      );
      await createItem(
        'jiangbei',
        sampleItemBody(jb.id, { ...base, name: '江北区临时占道许可', mainCode: '00913' }),
      );
      await createItem(
        'forEnterprises',
        sampleItemBody(yuzhong.id, {
          ...base,
          audience: 'enterprise',
          name: '户外广告设置许可',
          mainCode: '00915',
        }),
      );
      await createItem(
        'webOnly',
        sampleItemBody(yuzhong.id, {
          ...base,
          name: '仅网上办理的许可',
          mainCode: '00914',
          channels: ['web'],
        }),
      );

      const key = await insertApiKey(t.ctx, {
        ownerUserId: 1,
        permissions: ['applications:submit'],
        channel: 'bank_terminal',
      });
      await t.ctx.db
        .updateTable('api_keys')
        .set({ scope: JSON.stringify({ items: [items.permit] }) })
        .where('id', '=', key.id)
        .execute();
      keySecret = key.secret;
      otherKeySecret = (
        await insertApiKey(t.ctx, {
          ownerUserId: 1,
          permissions: ['applications:submit'],
          channel: 'bank_terminal',
        })
      ).secret;
    });
    after(() => t.close());

    it('runs the whole path: apply → 受理 → 补正 with the clock stopped → 准予 → 送达 → a licence that verifies, then is revoked', async () => {
      const f1 = await uploaded(`user:${citizenUserId}`);
      const res = await apply(citizen, {
        itemCode: items.permit,
        form,
        materials: [
          { materialId: 1, fileSha256: f1 },
          { materialId: 2, fileSha256: await uploaded(`user:${citizenUserId}`) },
        ],
      });
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json<AppView>();
      const id = created.subject.id;
      assert.equal(created.state, 'submitted');
      assert.equal(created.isPaused, true, 'the promised limit runs from 受理');
      assert.match(created.subject.number, new RegExp(`^${items.permit}-\\d{8}-000001$`));
      assert.equal(created.subject.applicantIdHint, `${ID1.slice(0, 4)}**********${ID1.slice(14)}`);

      // The reviewer in scope reads the material files; the other district's reviewer does not.
      const principalOf = (s: Session) =>
        loadUserPrincipal(t.ctx.db, s.userId, { sessionId: null, isCookieAuth: false });
      assert.ok(
        await findAccessibleFile(t.ctx.db, (await principalOf(reviewer))!, f1),
        'the reviewer may reach the material',
      );
      assert.equal(
        await findAccessibleFile(t.ctx.db, (await principalOf(reviewerJiangbei))!, f1),
        null,
      );

      // Wrong role (an approver cannot accept) → 403; wrong state (approve now) → 409.
      assert.equal((await act(approver, id, 'accept')).statusCode, 403);
      assert.equal((await act(approver, id, 'approve')).statusCode, 409);

      const accepted = await act(clerk, id, 'accept');
      assert.equal(accepted.statusCode, 200, accepted.body);
      assert.equal(accepted.json<AppView>().isPaused, false);

      const asked = await act(reviewer, id, 'request_supplement', {
        note: '请补正',
        data: { missing: [{ materialId: 2, reason: '图纸不清晰' }, { materialId: 3 }] },
      });
      assert.equal(asked.statusCode, 200, asked.body);
      const paused = asked.json<AppView>();
      assert.equal(paused.state, 'supplement_requested');
      assert.equal(paused.isPaused, true);
      const deadlineWhilePaused = paused.deadline!.at;

      // Three working days pass while paused: the deadline stays put ...
      const instanceId = paused.instanceId;
      const pausedAt = new Date(Date.now() - (3 * 86_400_000 * 7) / 5 - 86_400_000);
      await t.ctx.db
        .updateTable('workflow_instances')
        .set({ paused_at: pausedAt })
        .where('id', '=', instanceId)
        .execute();
      const still = (await req('GET', `/api/services/applications/${id}`, citizen)).json<AppView>();
      assert.equal(still.deadline!.at, deadlineWhilePaused);
      assert.ok(
        still.actions.some((a) => a.name === 'supply'),
        'the applicant may supply',
      );

      // The answer must cover everything that was asked.
      const partial = await act(citizen, id, 'supply', {
        data: {
          materials: [{ materialId: 2, fileSha256: await uploaded(`user:${citizenUserId}`) }],
        },
      });
      assert.equal(partial.statusCode, 400, partial.body);
      assert.deepEqual(partial.json<{ details: { missing: number[] } }>().details.missing, [3]);

      const supplied = await act(citizen, id, 'supply', {
        data: {
          materials: [
            { materialId: 2, fileSha256: await uploaded(`user:${citizenUserId}`) },
            { materialId: 3, fileSha256: await uploaded(`user:${citizenUserId}`) },
          ],
        },
      });
      assert.equal(supplied.statusCode, 200, supplied.body);
      const resumed = supplied.json<AppView>();
      assert.equal(resumed.state, 'under_review');
      assert.ok(
        new Date(resumed.deadline!.at) > new Date(deadlineWhilePaused),
        '... and moves on by the paused working days',
      );
      assert.equal(resumed.subject.materials.filter((m) => m.round === 1).length, 2);

      // 补正 is asked once (一次性告知).
      assert.equal(
        (await act(reviewer, id, 'request_supplement', { data: { missing: [{ materialId: 1 }] } }))
          .statusCode,
        409,
      );

      assert.equal(
        (await act(reviewer, id, 'review', { data: { opinion: '符合条件' } })).statusCode,
        200,
      );
      const approved = await act(approver, id, 'approve');
      assert.equal(approved.statusCode, 200, approved.body);
      const licenceNumber = approved.json<AppView>().subject.licenceNumber;
      assert.ok(licenceNumber);
      const delivered = await act(clerk, id, 'deliver', { data: { method: 'electronic' } });
      assert.equal(delivered.json<AppView>().state, 'delivered');
      assert.equal(delivered.json<AppView>().isFinal, true);

      // The applicant was told at each step, the decision by SMS too.
      const notes = await t.ctx.db
        .selectFrom('notifications')
        .select(['title', 'channels'])
        .where('user_id', '=', citizenUserId)
        .orderBy('id')
        .execute();
      assert.ok(notes.length >= 6, JSON.stringify(notes));
      assert.ok(notes.some((n) => n.title.includes('准予') && n.channels.includes('sms')));

      const mine = (await req('GET', '/api/licences', citizen)).json<{
        items: Array<{ number: string; status: string; qrPayload: string }>;
      }>();
      assert.deepEqual(
        mine.items.map((l) => [l.number, l.status]),
        [[licenceNumber, 'valid']],
      );
      // The QR code opens the public verification page, not the JSON answer behind it.
      assert.match(
        mine.items[0]!.qrPayload,
        new RegExp(`^https?://[^/]+/verify/${licenceNumber}$`),
      );

      const verify = async () =>
        (await req('GET', `/api/licences/verify/${licenceNumber}`, null)).json<
          Record<string, unknown>
        >();
      const ok = await verify();
      assert.equal(ok.result, 'valid');
      assert.equal(ok.isSignatureValid, true);
      assert.ok(!JSON.stringify(ok).includes('张三'), 'no personal data in the public answer');
      assert.equal((await verify()).result, 'valid');
      assert.equal(
        (await req('GET', '/api/licences/verify/500103-2026-99999999', null)).json<{
          result: string;
        }>().result,
        'unknown',
      );

      // Only the issuing department's approver revokes, with a reason.
      assert.equal(
        (await req('POST', `/api/licences/${licenceNumber}/revoke`, reviewer, { reason: 'x' }))
          .statusCode,
        403,
      );
      const revoked = await req('POST', `/api/licences/${licenceNumber}/revoke`, approver, {
        reason: '提供虚假材料',
      });
      assert.equal(revoked.statusCode, 200, revoked.body);
      assert.equal((await verify()).result, 'revoked');
      const audited = await t.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject_id', '=', licenceNumber)
        .execute();
      assert.deepEqual(audited.map((a) => a.action).sort(), ['licence.issue', 'licence.revoke']);

      // An altered record no longer matches its signature.
      await t.ctx.db
        .withTables<{ licences: { number: string; valid_until: string } }>()
        .updateTable('licences')
        .set({ valid_until: '2099-12-31' })
        .where('number', '=', licenceNumber)
        .execute();
      const tampered = await verify();
      assert.equal(tampered.result, 'invalid');
      assert.equal(tampered.isSignatureValid, false);
    });

    it('refuses an application missing a required material or field, naming it, and writes nothing', async () => {
      const before = await Promise.all([
        countRows('service_applications'),
        countRows('workflow_instances'),
        countRows('service_application_materials'),
      ]);
      const noMaterial = await apply(citizen, {
        itemCode: items.permit,
        form,
        materials: [{ materialId: 1, fileSha256: await uploaded(`user:${citizenUserId}`) }],
      });
      assert.equal(noMaterial.statusCode, 400);
      assert.match(noMaterial.json<{ message: string }>().message, /场地平面图/);
      const noField = await apply(citizen, {
        itemCode: items.permit,
        form: { purpose: 'x' },
        materials: [],
      });
      assert.equal(noField.statusCode, 400);
      assert.equal(
        noField.json<{ details: { field: string } }>().details.field,
        'form.contactPhone',
      );
      // A file the caller cannot see fails after the checks, inside the transaction: all undone.
      const foreign = await uploaded('user:999');
      const notMine = await apply(citizen, {
        itemCode: items.permit,
        form,
        materials: [
          { materialId: 1, fileSha256: foreign },
          { materialId: 2, fileSha256: foreign },
        ],
      });
      assert.equal(notMine.statusCode, 404);
      const after = await Promise.all([
        countRows('service_applications'),
        countRows('workflow_instances'),
        countRows('service_application_materials'),
      ]);
      assert.deepEqual(after, before);
      const webOnly = await apply(clerk, {
        itemCode: items.webOnly,
        form,
        materials: [],
        applicantIdNumber: ID2,
        applicantName: '李四',
      });
      assert.equal(webOnly.statusCode, 400);
      assert.equal(webOnly.json<{ details: { field: string } }>().details.field, 'channel');
    });

    it('takes a window application for a person after the real-name check, and refuses a mismatch', async () => {
      const mismatch = await apply(clerk, {
        itemCode: items.permit,
        form,
        materials: [],
        applicantIdNumber: ID2,
        applicantName: '王五',
      });
      assert.equal(mismatch.statusCode, 403);
      assert.equal(mismatch.json<{ details: { check: string } }>().details.check, 'real_name');
      const id = `user:${clerk.userId}`;
      const ok = await apply(clerk, {
        itemCode: items.permit,
        form,
        applicantIdNumber: ID2,
        applicantName: '李四',
        materials: [
          { materialId: 1, fileSha256: await uploaded(id) },
          { materialId: 2, fileSha256: await uploaded(id) },
        ],
      });
      assert.equal(ok.statusCode, 201, ok.body);
      const row = (await t.ctx.db
        .selectFrom('service_applications' as 'workflow_instances')
        .selectAll()
        .where('id', '=', ok.json<AppView>().subject.id)
        .executeTakeFirstOrThrow()) as unknown as { channel: string; applicant_name: string };
      assert.deepEqual([row.channel, row.applicant_name], ['window', '李四']);
    });

    it('keeps the history of a refused and of a withdrawn application; 不予受理 needs reasons', async () => {
      const u = `user:${citizenUserId}`;
      const submit = async () =>
        (
          await apply(citizen, {
            itemCode: items.permit,
            form,
            materials: [
              { materialId: 1, fileSha256: await uploaded(u) },
              { materialId: 2, fileSha256: await uploaded(u) },
            ],
          })
        ).json<AppView>().subject.id;
      const refused = await submit();
      assert.equal((await act(clerk, refused, 'not_accept')).statusCode, 400);
      assert.equal(
        (await act(clerk, refused, 'not_accept', { note: '不属于本部门职权范围' })).statusCode,
        200,
      );
      const withdrawn = await submit();
      assert.equal((await act(reviewer, withdrawn, 'withdraw')).statusCode, 403);
      assert.equal((await act(citizen, withdrawn, 'withdraw')).statusCode, 200);
      for (const [id, state, last] of [
        [refused, 'not_accepted', 'not_accept'],
        [withdrawn, 'withdrawn', 'withdraw'],
      ] as const) {
        const view = (
          await req('GET', `/api/services/applications/${id}`, citizen)
        ).json<AppView>();
        assert.equal(view.state, state);
        assert.deepEqual(
          view.history.map((h) => h.action),
          ['start', 'submit', last],
        );
        assert.equal(view.subject.materials.length, 2);
      }
    });

    it('keeps a district reviewer to their own district', async () => {
      const id = `user:${clerk.userId}`;
      const jb = await applyWithMaterials(citizen, citizenUserId, 'jiangbei');
      assert.equal(jb.statusCode, 201, jb.body);
      const jbId = jb.json<AppView>().subject.id;
      void id;
      const yz = (await req('GET', '/api/services/applications', reviewer)).json<{
        items: Array<{ id: number; regionCode: string }>;
      }>();
      assert.ok(yz.items.length > 0);
      assert.ok(yz.items.every((a) => a.regionCode === '500103'));
      assert.equal(
        (await req('GET', `/api/services/applications/${jbId}`, reviewer)).statusCode,
        404,
      );
      assert.equal((await act(reviewer, jbId, 'accept')).statusCode, 404);
      assert.equal(
        (await req('GET', `/api/services/applications/${jbId}`, reviewerJiangbei)).statusCode,
        200,
      );
      const queue = (
        await req('GET', '/api/services/applications?overdue=false', reviewerJiangbei)
      ).json<{ items: Array<{ id: number }> }>();
      assert.deepEqual(
        queue.items.map((a) => a.id),
        [jbId],
      );
      // Staff find an application by any part of its number (the applicant reads out the tail).
      const number = jb.json<AppView>().subject.number;
      const byNumber = async (part: string) =>
        (
          await req(
            'GET',
            `/api/services/applications?number=${encodeURIComponent(part)}`,
            reviewerJiangbei,
          )
        ).json<{ items: Array<{ id: number }> }>();
      assert.deepEqual(
        (await byNumber(number.slice(-8))).items.map((a) => a.id),
        [jbId],
      );
      assert.deepEqual(
        (await byNumber(number.toLowerCase())).items.map((a) => a.id),
        [jbId],
      );
      assert.deepEqual((await byNumber('999999999')).items, []);
      assert.equal(
        (await req('GET', '/api/services/applications?number=12%25', reviewerJiangbei)).statusCode,
        400,
      );
      // The citizen's own list has every application they made.
      const mine = (await req('GET', '/api/services/applications', citizen)).json<{
        items: Array<{ id: number }>;
      }>();
      assert.ok(mine.items.some((a) => a.id === jbId));
    });

    it('lets a bank terminal key apply only for the items in its scope, after the real-name check', async () => {
      const out = await apply(keySecret, {
        itemCode: items.jiangbei,
        form,
        materials: [],
        applicantIdNumber: ID2,
        applicantName: '李四',
      });
      assert.equal(out.statusCode, 403);
      const wrongName = await apply(keySecret, {
        itemCode: items.permit,
        form,
        materials: [],
        applicantIdNumber: ID2,
        applicantName: '李',
      });
      assert.equal(wrongName.statusCode, 403);
      const sha = await uploaded(
        `api_key:${(await t.ctx.db.selectFrom('api_keys').select('id').orderBy('id').executeTakeFirstOrThrow()).id}`,
      );
      const ok = await apply(keySecret, {
        itemCode: items.permit,
        form,
        applicantIdNumber: ID2,
        applicantName: '李四',
        materials: [
          { materialId: 1, fileSha256: sha },
          { materialId: 2, fileSha256: sha },
        ],
      });
      assert.equal(ok.statusCode, 201, ok.body);
      const appId = ok.json<AppView>().subject.id;
      assert.equal(
        (await req('GET', `/api/services/applications/${appId}`, keySecret)).statusCode,
        200,
      );
      assert.equal(
        (await req('GET', `/api/services/applications/${appId}`, otherKeySecret)).statusCode,
        404,
      );
      // A channel the item is not offered on.
      const notOffered = await apply(otherKeySecret, {
        itemCode: items.webOnly,
        form,
        materials: [],
        applicantIdNumber: ID2,
        applicantName: '李四',
      });
      assert.equal(notOffered.statusCode, 400);
    });

    it('attaches a valid licence the applicant holds instead of asking for the material (免提交), and records the use', async () => {
      // The citizen's permit from the first test was revoked; a fresh one is issued here.
      const u = `user:${citizenUserId}`;
      const res = await apply(citizen, {
        itemCode: items.permit,
        form,
        materials: [
          { materialId: 1, fileSha256: await uploaded(u) },
          { materialId: 2, fileSha256: await uploaded(u) },
        ],
      });
      const id = res.json<AppView>().subject.id;
      for (const [s, a] of [
        [clerk, 'accept'],
        [reviewer, 'review'],
        [approver, 'approve'],
      ] as const) {
        assert.equal((await act(s, id, a)).statusCode, 200);
      }
      const usesBefore = await countRows('licence_uses');
      const renewal = await apply(citizen, {
        itemCode: items.renewal,
        form,
        materials: [{ materialId: 1, fileSha256: await uploaded(u) }],
      });
      assert.equal(renewal.statusCode, 201, renewal.body);
      const reused = renewal.json<AppView>().subject.materials.find((m) => m.materialId === 2);
      assert.ok(reused?.isReused, JSON.stringify(renewal.json<AppView>().subject.materials));
      assert.equal(reused.kind, 'licence');
      assert.equal(await countRows('licence_uses'), usesBefore + 1);
      const uses = await t.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'licence.use')
        .execute();
      assert.ok(uses.length >= 1);
      // Someone without such a licence is asked for it.
      const other = await apply(clerk, {
        itemCode: items.renewal,
        form,
        applicantIdNumber: ID2,
        applicantName: '李四',
        materials: [{ materialId: 1, fileSha256: await uploaded(`user:${clerk.userId}`) }],
      });
      assert.equal(other.statusCode, 400);
      assert.match(other.json<{ message: string }>().message, /原临时占道经营许可证/);
    });

    it("lists an applicant's own applications newest first, a page at a time, with the total", async () => {
      type Page = { items: Array<{ id: number; state: string }>; total: number; page: number };
      const list = async (who: Session | string, query: string) => {
        const res = await req('GET', `/api/services/applications?view=mine&${query}`, who);
        assert.equal(res.statusCode, 200, res.body);
        return res.json<Page>();
      };
      const all = await list(citizen, 'pageSize=100');
      const { person_id: personId } = await t.ctx.db
        .selectFrom('users')
        .select('person_id')
        .where('id', '=', citizenUserId)
        .executeTakeFirstOrThrow();
      const stored = await t.ctx.db
        .withTables<ApplicationTables>()
        .selectFrom('service_applications')
        .select('id')
        .where((eb) =>
          eb.or([
            eb('owner_user_id', '=', citizenUserId),
            eb('applicant_person_id', '=', personId!),
          ]),
        )
        .orderBy('id', 'desc')
        .execute();
      assert.ok(stored.length >= 3);
      assert.equal(all.total, stored.length);
      assert.deepEqual(
        all.items.map((a) => a.id),
        stored.map((r) => Number(r.id)),
      );
      const second = await list(citizen, 'pageSize=2&page=2');
      assert.equal(second.total, stored.length);
      assert.deepEqual(
        second.items.map((a) => a.id),
        all.items.slice(2, 4).map((a) => a.id),
      );
      // Past the last page: no items, the same total.
      const past = await list(citizen, `pageSize=2&page=${stored.length + 1}`);
      assert.deepEqual(past.items, []);
      assert.equal(past.total, stored.length);
      // A filter goes through the general query and agrees with the plain list, field for
      // field (instants, deadlines, flags).
      const state = all.items[0]!.state;
      const filtered = await list(citizen, `pageSize=100&state=${state}`);
      assert.ok(filtered.items.length > 0);
      assert.deepEqual(
        filtered.items,
        all.items.filter((a) => a.state === state),
      );
      // A channel key's own list is what it submitted; someone else's list is empty.
      const keys = await list(keySecret, 'pageSize=100');
      assert.ok(keys.total >= 1);
      const key = await t.ctx.db
        .selectFrom('api_keys')
        .select('id')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const submitted = await t.ctx.db
        .withTables<ApplicationTables>()
        .selectFrom('service_applications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('submitted_by_api_key_id', '=', key.id)
        .executeTakeFirstOrThrow();
      assert.equal(keys.total, Number(submitted.n));
      assert.equal((await list(reviewerJiangbei, 'pageSize=100')).total, 0);
    });

    it('writes the plain list as JSON text that the general query agrees with, page for page', async () => {
      // One application left at 受理 (clock stopped, here without a deadline), one accepted and flagged
      // overdue, one asked for 补正 (paused with a deadline); names JSON must escape, one with
      // the U+0001 the statement marks its states with.
      const applyForPermit = async () => {
        const res = await applyWithMaterials(citizen, citizenUserId, 'permit');
        assert.equal(res.statusCode, 201, res.body);
        return res.json<AppView>();
      };
      const waiting = await applyForPermit();
      const late = await applyForPermit();
      // An enterprise's own application, through its account.
      const enterprise = await openSession(t.ctx, enterpriseUserId);
      const ownedByEnterprise = await applyWithMaterials(
        enterprise,
        enterpriseUserId,
        'forEnterprises',
      );
      assert.equal(ownedByEnterprise.statusCode, 201, ownedByEnterprise.body);
      assert.equal((await act(clerk, late.subject.id, 'accept')).statusCode, 200);
      await t.ctx.db
        .updateTable('workflow_instances')
        .set({ is_overdue: true })
        .where('id', '=', late.instanceId)
        .execute();
      // As under a workflow without an overall limit.
      await t.ctx.db
        .updateTable('workflow_instances')
        .set({ deadline_at: null })
        .where('id', '=', waiting.instanceId)
        .execute();
      const asked = await applyForPermit();
      assert.equal((await act(clerk, asked.subject.id, 'accept')).statusCode, 200);
      const supplement = await act(reviewer, asked.subject.id, 'request_supplement', {
        note: '请补正',
        data: { missing: [{ materialId: 2, reason: '图纸不清晰' }] },
      });
      assert.equal(supplement.statusCode, 200, supplement.body);
      await t.ctx.db
        .withTables<ApplicationTables>()
        .updateTable('service_applications')
        .set({ item_name: '引号" 反斜杠\\ 换行\n 控制\u0001 🚧', applicant_name: '张三\t"' })
        .where('id', '=', waiting.subject.id)
        .execute();

      const callers: Array<[string, Principal | null]> = [
        [
          'citizen',
          await loadUserPrincipal(t.ctx.db, citizenUserId, {
            sessionId: null,
            isCookieAuth: false,
          }),
        ],
        ['channel key', await resolveApiKey(t.ctx.db, keySecret)],
        [
          'enterprise account',
          await loadUserPrincipal(t.ctx.db, enterpriseUserId, {
            sessionId: null,
            isCookieAuth: false,
          }),
        ],
        [
          'staff without applications',
          await loadUserPrincipal(t.ctx.db, reviewerJiangbei.userId, {
            sessionId: null,
            isCookieAuth: false,
          }),
        ],
      ];
      // Every set of parties a caller may have (the statement has a variant for each): the
      // citizen's account and person, the enterprise, the channel key.
      const [, citizenOf] = callers[0]!;
      const [, keyOf] = callers[1]!;
      for (let mask = 1; mask < 16; mask++) {
        callers.push([
          `parties ${mask.toString(2).padStart(4, '0')}`,
          {
            ...citizenOf!,
            ...(mask & 8 ? { kind: 'api_key' as const, apiKey: keyOf!.apiKey } : {}),
            userId: mask & 1 ? citizenOf!.userId : null,
            personId: mask & 2 ? citizenOf!.personId : null,
            enterpriseId: mask & 4 ? enterpriseId : null,
          },
        ]);
      }
      for (const [who, principal] of callers) {
        assert.ok(principal, who);
        for (const pageSize of [100, 2]) {
          const { total } = await selectApplications(t.ctx.db, principal, {
            view: 'mine',
            pageSize,
          });
          // Every page, and the one past the end (no items, the same total).
          for (let page = 1; page <= Math.ceil(total / pageSize) + 1; page++) {
            const general = await selectApplications(t.ctx.db, principal, {
              view: 'mine',
              page,
              pageSize,
            });
            const answer = await listApplications({ db: t.ctx.db }, principal, {
              view: 'mine',
              page,
              pageSize,
            });
            assert.equal(typeof answer, 'string', 'the JSON path');
            const text = answer as string;
            assert.deepEqual(JSON.parse(text), general, `${who}, page ${page} of ${pageSize}`);
            // Compact, keys in the general answer's order: the text the serializer wrote before.
            assert.equal(text, JSON.stringify(general), `${who}, page ${page} of ${pageSize}`);
          }
        }
      }

      // Whose list holds the enterprise's application: its account's, and any caller acting for
      // the enterprise; not the citizen's.
      const numbersIn = async (principal: Principal) =>
        (
          JSON.parse(
            (await listApplications({ db: t.ctx.db }, principal, {
              view: 'mine',
              pageSize: 100,
            })) as string,
          ) as ApplicationList
        ).items.map((a) => a.number);
      const enterpriseNumber = ownedByEnterprise.json<AppView>().subject.number;
      const byName = new Map(callers);
      assert.deepEqual(await numbersIn(byName.get('enterprise account')!), [enterpriseNumber]);
      assert.deepEqual(await numbersIn(byName.get('parties 0100')!), [enterpriseNumber]);
      assert.ok(!(await numbersIn(byName.get('citizen')!)).includes(enterpriseNumber));
      assert.ok((await numbersIn(byName.get('parties 0111')!)).includes(enterpriseNumber));

      // The fast text carries the key's list; the citizen's, with a U+0001 in a name, falls back
      // to the general query (above: to the same answer).
      const [, citizenPrincipal] = callers[0]!;
      const [, keyPrincipal] = callers[1]!;
      const generalText = async (principal: Principal) =>
        JSON.stringify(
          await selectApplications(t.ctx.db, principal, { view: 'mine', pageSize: 100 }),
        );
      const renameItem = (itemName: string) =>
        t.ctx.db
          .withTables<ApplicationTables>()
          .updateTable('service_applications')
          .set({ item_name: itemName })
          .where('id', '=', waiting.subject.id)
          .execute();
      assert.equal(await listMineAsJson(t.ctx.db, citizenPrincipal!, 1, 100), null);
      assert.equal(
        await listMineAsJson(t.ctx.db, keyPrincipal!, 1, 100),
        await generalText(keyPrincipal!),
      );
      await renameItem('引号" 反斜杠\\ 换行\n 🚧');
      const escaped = await listMineAsJson(t.ctx.db, citizenPrincipal!, 1, 100);
      assert.ok(escaped, 'names JSON must escape go through the fast text');
      assert.equal(escaped, await generalText(citizenPrincipal!));
      await renameItem('引号" 反斜杠\\ 换行\n 控制\u0001 🚧');

      // Over HTTP: the text is the JSON answer, and the citizen's list holds all three cases.
      const res = await req('GET', '/api/services/applications?view=mine&pageSize=100', citizen);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers['content-type']), /^application\/json; charset=utf-8$/);
      const answer = res.json<ApplicationList>();
      const byId = new Map(answer.items.map((a) => [a.id, a]));
      const waitingItem = byId.get(waiting.subject.id)!;
      assert.equal(waitingItem.itemName, '引号" 反斜杠\\ 换行\n 控制\u0001 🚧');
      assert.equal(waitingItem.applicantName, '张三\t"');
      assert.deepEqual(
        [waitingItem.state, waitingItem.isPaused, waitingItem.deadlineAt, waitingItem.isFinal],
        ['submitted', true, null, false],
      );
      assert.equal(byId.get(late.subject.id)!.isOverdue, true);
      const askedItem = byId.get(asked.subject.id)!;
      assert.deepEqual(
        [askedItem.state, askedItem.isPaused, askedItem.isOverdue],
        ['supplement_requested', true, false],
      );
      assert.ok(askedItem.deadlineAt);
      assert.ok(
        answer.items.some((a) => a.isFinal),
        'a finished application (from the tests before)',
      );
      assert.deepEqual(
        answer,
        await selectApplications(t.ctx.db, callers[0]![1]!, { view: 'mine', pageSize: 100 }),
      );
    });
  });
}

describe("the fast list's instants", () => {
  it('writes a UTC timestamp as PostgreSQL prints it in ISO 8601 to the millisecond, as Date does', () => {
    for (const instant of [
      '2026-12-04T15:59:59.000Z',
      '2026-12-04T15:59:59.500Z',
      '2026-12-04T15:59:59.050Z',
      '2026-01-01T00:00:00.999Z',
    ]) {
      // PostgreSQL leaves out a zero fraction and trailing zeros: 15:59:59, 15:59:59.5, .05.
      const printed = instant
        .slice(0, 23)
        .replace('T', ' ')
        .replace(/\.?0+$/, '');
      assert.equal(isoOf(printed), new Date(instant).toISOString(), printed);
    }
    // Microseconds are cut to milliseconds, as a Date read from the database holds them.
    assert.equal(isoOf('2026-12-04 15:59:59.999999'), '2026-12-04T15:59:59.999Z');
  });
});
