// Story 1 of the web app (一网通办) in a real browser against the real server (demo city on
// PGlite): a citizen finds 普通护照签发 and applies with materials on a phone; the window
// clerk accepts; the reviewer asks for a missing material; the citizen supplies it; the
// reviewer passes it on and the approver approves and delivers; the licence appears in the
// citizen's list and verifies publicly through its QR address; the citizen rates the service
// "不满意"; the rectification appears in the agency's to-do list. Screenshots (zh-CN) go to
// test-results/e2e/; a failing step names its screen.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type { LicenceList } from '@citygov/contracts';
import {
  apiSession,
  createStory,
  desktop,
  hasHorizontalScroll,
  loginThroughUi,
  newContext,
  phone,
  useStoryRig,
} from './e2e-harness.ts';

const ITEM = '普通护照签发';
const PHOTO = '出入境证件照片';

/** A real 2×2 PNG whose colour depends on the seed: distinct files for distinct materials. */
function pngOf(seed: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.from([0, seed % 256, (seed * 7) % 256, (seed * 13) % 256, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat([row, row]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Drops a file on a material's upload area (the file input behind the drag-and-drop zone). */
async function uploadMaterial(page: Page, materialId: number, name: string, seed: number) {
  const area = page.locator(`[data-material-id="${materialId}"]`);
  await area.locator('input[type=file]').setInputFiles({
    name,
    mimeType: 'image/png',
    buffer: pngOf(seed),
  });
  await area.locator('.ant-upload-list-item-done', { hasText: name }).waitFor();
}

describe('一网通办 story in the browser', { timeout: 1_800_000 }, () => {
  const rig = useStoryRig();

  it('takes an application from the catalogue to a licence, a bad rating and its rectification', async () => {
    const story = createStory('s1-services');
    const base = rig.server.baseUrl;
    const citizen = story.watch(await (await newContext(rig.browser, phone)).newPage());
    const clerk = story.watch(await (await newContext(rig.browser, desktop)).newPage());
    const reviewer = story.watch(await (await newContext(rig.browser, desktop)).newPage());
    const approver = story.watch(await (await newContext(rig.browser, desktop)).newPage());
    let applicationId = 0;
    let applicationNumber = '';

    await story.step(citizen, '事项搜索（手机）', 'citizen1 finds the item', async () => {
      await loginThroughUi(citizen, base, 'citizen1');
      await citizen.goto(`${base}/services?q=${encodeURIComponent('护照')}`);
      await citizen.getByRole('link', { name: ITEM }).first().click();
      await citizen.getByRole('heading', { name: ITEM }).waitFor();
    });
    await story.shot(citizen, 'citizen-guide');

    await story.step(citizen, '在线申请（手机）', 'citizen1 fills in the form', async () => {
      await citizen.getByRole('link', { name: '在线申请' }).click();
      await citizen.getByRole('heading', { name: `申请：${ITEM}` }).waitFor();
      // Sent without anything: the form names each missing field where it is.
      await citizen.getByRole('button', { name: '提交申请' }).click();
      await citizen.getByText('请填写 11 位手机号码').waitFor();
      await citizen
        .locator('[data-material-id="3"]')
        .getByText('此材料为必要材料，请上传')
        .waitFor();
      await citizen.getByLabel('联系电话').fill('13800138000');
      await citizen.getByLabel('联系地址').fill('重庆市渝中区解放碑民族路 88 号');
      await uploadMaterial(citizen, 1, '出入境证件申请表.png', 1);
      await uploadMaterial(citizen, 2, '居民身份证.png', 2);
      await uploadMaterial(citizen, 3, '证件照片.png', 3);
      assert.equal(await hasHorizontalScroll(citizen), false, 'the form scrolls sideways');
    });
    await story.shot(citizen, 'citizen-apply-form');

    await story.step(citizen, '在线申请（手机）', 'citizen1 submits the application', async () => {
      await citizen.getByRole('button', { name: '提交申请' }).click();
      await citizen.waitForURL(/\/me\/applications\/\d+$/);
      applicationId = Number(new URL(citizen.url()).pathname.split('/').pop());
      const number = await citizen.getByTestId('application-number').innerText();
      applicationNumber = number.trim();
      await citizen.getByTestId('application-state').filter({ hasText: '待受理' }).waitFor();
      await citizen.getByTestId('application-material').nth(2).waitFor();
      assert.equal(await hasHorizontalScroll(citizen), false);
    });
    await story.shot(citizen, 'citizen-submitted');

    const openRecord = async (page: Page, step: string) => {
      await page.goto(`${base}/staff/applications?step=${step}&number=${applicationNumber}`);
      await page.locator(`[data-application-id="${applicationId}"]`).getByRole('link').click();
      await page.waitForURL(`${base}/staff/applications/${applicationId}`);
      await page.getByTestId('deadline').first().waitFor();
    };

    await story.step(clerk, '办件队列', 'the clerk finds it by its number', async () => {
      await loginThroughUi(clerk, base, 'clerk');
      await clerk.getByRole('tab', { name: '办件' }).click();
      await clerk.waitForURL(`${base}/staff/applications`);
      await clerk.getByLabel('按办件编号查找').waitFor();
      // The window clerk's list opens on the step the clerk takes: 受理.
      assert.ok(await clerk.getByRole('radio', { name: '待受理' }).isChecked());
      await clerk.getByLabel('按办件编号查找').fill(applicationNumber);
      await clerk.getByLabel('按办件编号查找').press('Enter');
      await clerk.locator(`[data-application-id="${applicationId}"]`).waitFor();
    });
    await story.shot(clerk, 'clerk-queue');

    await story.step(clerk, '办件详情', 'the clerk accepts the application (受理)', async () => {
      await openRecord(clerk, 'submitted');
      await clerk.getByRole('link', { name: '下载' }).first().waitFor();
      await clerk.getByRole('button', { name: '受理', exact: true }).click();
      await clerk.getByTestId('application-state').filter({ hasText: '审查中' }).waitFor();
      assert.equal(await clerk.getByRole('button', { name: '受理', exact: true }).count(), 0);
    });
    await story.shot(clerk, 'clerk-accepted');

    await story.step(reviewer, '办件详情', 'the reviewer asks for a missing material', async () => {
      await loginThroughUi(reviewer, base, 'reviewer');
      await openRecord(reviewer, 'under_review');
      // Nothing ticked: the list itself says what is wrong.
      await reviewer.getByRole('button', { name: '一次性告知补正' }).click();
      await reviewer.getByText('请至少勾选一项需补正的材料').waitFor();
      await reviewer.getByTestId('missing-materials').getByText(PHOTO, { exact: true }).click();
      await reviewer.getByLabel(`${PHOTO}的补正要求`).fill('照片背景须为白色');
      await story.shot(reviewer, 'reviewer-supplement-form');
      await reviewer.getByRole('button', { name: '一次性告知补正' }).click();
      await reviewer.getByTestId('application-state').filter({ hasText: '待补正' }).waitFor();
      // The agency's clock stops until the applicant answers.
      await reviewer.locator('[data-testid="deadline"][data-risk="paused"]').first().waitFor();
    });
    await story.shot(reviewer, 'reviewer-supplement-requested');

    await story.step(citizen, '办件详情（手机）', 'citizen1 supplies the photo', async () => {
      await citizen.reload();
      const request = citizen.getByTestId('supplement-request');
      await request.getByText('照片背景须为白色').first().waitFor();
      await uploadMaterial(citizen, 3, '白底证件照片.png', 4);
      await story.shot(citizen, 'citizen-supplement');
      await citizen.getByRole('button', { name: '提交补正材料' }).click();
      await citizen.getByTestId('application-state').filter({ hasText: '审查中' }).waitFor();
      await citizen.getByTestId('application-material').filter({ hasText: '补正提交' }).waitFor();
    });
    await story.shot(citizen, 'citizen-supplied');

    await story.step(reviewer, '办件详情', 'the reviewer passes it on for decision', async () => {
      await reviewer.reload();
      await reviewer.getByLabel('审查意见').fill('材料齐全，符合签发条件');
      await reviewer.getByRole('button', { name: '审查通过，报送决定' }).click();
      await reviewer.getByTestId('application-state').filter({ hasText: '待决定' }).waitFor();
    });

    await story.step(
      approver,
      '办件详情',
      'the approver approves (准予) and delivers',
      async () => {
        await loginThroughUi(approver, base, 'approver');
        await openRecord(approver, 'reviewed');
        await approver.getByRole('button', { name: '准予', exact: true }).click();
        await approver.getByTestId('application-state').filter({ hasText: '准予许可' }).waitFor();
        await approver.getByText('邮寄送达', { exact: true }).click();
        await approver.getByRole('button', { name: '送达', exact: true }).click();
        await approver.getByTestId('application-state').filter({ hasText: '已送达' }).waitFor();
        const entries = approver.getByTestId('history-entry');
        for (const action of [
          'accept',
          'request_supplement',
          'supply',
          'review',
          'approve',
          'deliver',
        ]) {
          await entries.and(approver.locator(`[data-action="${action}"]`)).waitFor();
        }
      },
    );
    await story.shot(approver, 'approver-delivered');

    let licenceNumber = '';
    await story.step(
      citizen,
      '我的证照（手机）',
      'the licence is in the list with its QR code',
      async () => {
        await citizen.goto(`${base}/me/licences`);
        const card = citizen.getByTestId('licence').first();
        await card.waitFor();
        licenceNumber = (await card.getAttribute('data-number')) ?? '';
        assert.match(licenceNumber, /^[0-9A-Z-]{6,40}$/);
        await card.getByText('有效', { exact: true }).waitFor();
        await card.locator('canvas').waitFor();
        assert.equal(await hasHorizontalScroll(citizen), false);
      },
    );
    await story.shot(citizen, 'citizen-licences');

    const visitor = story.watch(await (await newContext(rig.browser, phone)).newPage());
    await story.step(
      visitor,
      '证照核验（手机）',
      'anyone verifies it through the QR address',
      async () => {
        const citizenApi = await apiSession(base, 'citizen1');
        const mine = await citizenApi.get<LicenceList>('/api/licences');
        const licence = mine.items.find((l) => l.number === licenceNumber);
        const qr = licence?.qrPayload ?? '';
        assert.equal(new URL(qr).pathname, `/verify/${licenceNumber}`);
        await visitor.goto(`${base}${new URL(qr).pathname}`);
        const answer = visitor.getByTestId('verification');
        await answer.getByText('证照有效').waitFor();
        assert.equal(await answer.getAttribute('data-result'), 'valid');
        // No personal data on the public page.
        const text = await answer.innerText();
        assert.ok(
          licence && !text.includes(licence.holderName),
          'the public page names the holder',
        );
      },
    );
    await story.shot(visitor, 'public-verify');

    await story.step(citizen, '服务评价（手机）', 'citizen1 rates it 不满意, once', async () => {
      await citizen.goto(`${base}/me/applications/${applicationId}`);
      await citizen.getByText('不满意', { exact: true }).click();
      assert.ok(await citizen.getByRole('radio', { name: '不满意', exact: true }).isChecked());
      await citizen.getByText('办理时间长').click();
      await citizen.getByLabel('评价内容').fill('照片要求没有在申请时说清楚，多跑了一趟。');
      await story.shot(citizen, 'citizen-rating-form');
      await citizen.getByRole('button', { name: '提交评价' }).click();
      const given = citizen.getByTestId('rating-given');
      await given.getByText('不满意', { exact: true }).waitFor();
      assert.equal(await citizen.getByRole('button', { name: '提交评价' }).count(), 0);
    });
    await story.shot(citizen, 'citizen-rated');

    await story.step(
      reviewer,
      '差评整改',
      'the rectification is in the agency to-do list',
      async () => {
        await reviewer.goto(`${base}/staff`);
        await reviewer.getByRole('tab', { name: '差评整改' }).click();
        await reviewer.waitForURL(`${base}/staff/rectifications`);
        await reviewer.locator('tr[data-rating-id]').first().waitFor();
        // From the rated application to its place in the to-do list.
        await reviewer.goto(`${base}/staff/applications/${applicationId}`);
        await reviewer.getByRole('link', { name: '查看该办件评价的差评整改' }).click();
        await reviewer.waitForURL(`${base}/staff/rectifications?applicationId=${applicationId}`);
        await reviewer.getByTestId('application-filter').waitFor();
        const row = reviewer.locator('tr[data-rating-id]', { hasText: ITEM });
        await row.getByText('待核实').waitFor();
        assert.equal(await reviewer.locator('tr[data-rating-id]').count(), 1);
        await row.getByRole('link', { name: ITEM }).click();
        await reviewer.getByTestId('rectification-state').filter({ hasText: '待核实' }).waitFor();
        await reviewer.getByText('照片要求没有在申请时说清楚').waitFor();
        await reviewer.getByRole('button', { name: '核实', exact: true }).waitFor();
      },
    );
    await story.shot(reviewer, 'reviewer-rectification');

    for (const page of [citizen, clerk, reviewer, approver, visitor]) {
      assert.deepEqual(story.errorsOf(page), []);
    }
  });
});
