// 一网统管 stories in a real browser against the real server (demo city on PGlite), zh-CN:
// 2. a citizen reports an overflowing bin on the map from a phone; the case is routed to
//    渝中区城市管理局; the supervision centre files it, the dispatcher dispatches it, the handler
//    handles it with photos; the inspector's verification fails once (rework) and then passes;
//    the case is closed and the call back recorded; the command centre's counters follow
//    without a reload;
// 3. a 12319 call taker files a case for a caller and finds it again by the phone number
//    (masked on screen, the look-up audited);
// 4. a 江北区 handler can open a 渝中区 case neither from the lists nor by its URL.
// Screenshots go to test-results/e2e/.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type {
  AuditPage,
  CaseIntakeResult,
  CaseList,
  CaseLiveStats,
  WorkflowView,
} from '@citygov/contracts';
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

const DEPARTMENT = '渝中区城市管理局';
const LIVE_TIMEOUT = 20_000;
/** The queue page's size (apps/web/src/cases/case-queue-page.tsx). */
const QUEUE_PAGE_SIZE = 20;
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
let photoCount = 0;
/** A distinct small PNG each time (files are stored once by content). */
const photo = (name: string) => ({
  name: `${name}.png`,
  mimeType: 'image/png',
  buffer: Buffer.concat([png, Buffer.from(`${name}-${++photoCount}-${Date.now()}`)]),
});

/** The number a counter shows ("1,234" → 1234). */
async function readNumber(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent()) ?? '';
  const digits = text.replace(/[^\d]/g, '');
  assert.ok(digits, `${testId} shows no number: "${text}"`);
  return Number(digits);
}

/** Waits until the number in `testId` reaches at least `expected`. */
async function waitForAtLeast(page: Page, testId: string, expected: number) {
  const deadline = Date.now() + LIVE_TIMEOUT;
  let seen = NaN;
  while (Date.now() < deadline) {
    seen = await readNumber(page, testId).catch(() => NaN);
    if (seen >= expected) return;
    await page.waitForTimeout(300);
  }
  assert.fail(`${testId} shows ${seen}, expected at least ${expected} within ${LIVE_TIMEOUT} ms`);
}

/** Picks a category in the cascader by typing its name (keyboard only). */
async function chooseCategory(page: Page, name: string) {
  const field = page.getByLabel('问题类型');
  await field.click();
  await field.fill(name);
  await page.locator('.ant-cascader-menu-item', { hasText: name }).first().waitFor();
  await field.press('ArrowDown');
  await field.press('Enter');
  await page.locator('.ant-cascader').filter({ hasText: name }).waitFor();
}

/** Taps the map `dx`, `dy` pixels from its centre and waits for the pin's unit grid. */
async function dropPin(page: Page, dx = 0, dy = 0) {
  const map = page.getByTestId('city-map');
  // The grids are drawn once the map's data arrived: tap a settled map.
  await map.locator('.leaflet-overlay-pane path').first().waitFor();
  const box = await map.boundingBox();
  assert.ok(box, 'the map has a size');
  await map.click({ position: { x: box.width / 2 + dx, y: box.height / 2 + dy } });
  await page.getByTestId('pin-status').getByText('所在网格').waitFor();
}

/** Uploads photos into an uploader and waits until each is stored. */
async function uploadPhotos(page: Page, testId: string, ...names: string[]) {
  const uploader = page.getByTestId(testId);
  const before = await uploader.locator('.ant-upload-list-item-done').count();
  await uploader.locator('input[type=file]').setInputFiles(names.map(photo));
  await uploader
    .locator('.ant-upload-list-item-done')
    .nth(before + names.length - 1)
    .waitFor();
}

/** Waits for the case record's state tag. */
const waitForState = (page: Page, state: string) =>
  page.locator(`[data-testid="case-state"][data-state="${state}"]`).first().waitFor();

/**
 * Opens a case from a staff queue as a person would: the queue's tab, the page it is on
 * (soonest deadline first; the API says which page), the link in its row.
 */
async function openFromQueue(
  page: Page,
  base: string,
  queue: { key: string; label: string; state: string },
  caseId: number,
  caseNumber: string,
  session: Awaited<ReturnType<typeof apiSession>>,
) {
  const listed = await session.get<CaseList>(
    `/api/cases?state=${queue.state}&sort=deadline&pageSize=500`,
  );
  const index = listed.items.findIndex((c) => c.id === caseId);
  assert.ok(index >= 0, `case ${caseNumber} is in the ${queue.label} queue`);
  const pageNo = Math.floor(index / QUEUE_PAGE_SIZE) + 1;
  await page.goto(`${base}/staff`);
  await page.getByRole('tab', { name: '城市管理案件' }).click();
  await page.getByTestId(`queue-${queue.key}`).click();
  if (pageNo > 1) await page.goto(`${base}/staff/cases?queue=${queue.key}&page=${pageNo}`);
  await page.getByRole('link', { name: caseNumber }).click();
  await page.waitForURL(`${base}/staff/cases/${caseId}`);
  await page.getByTestId('case-number').waitFor();
}

/** Chooses an action on the case record, lets `fill` complete its form, and confirms it. */
async function act(page: Page, action: string, confirm: string, fill?: () => Promise<void>) {
  await page.locator(`button[data-action="${action}"]`).click();
  const form = page.locator(`[data-testid="action-form"][data-action="${action}"]`);
  await form.waitFor();
  await fill?.();
  await form.getByRole('button', { name: confirm }).click();
  await form.waitFor({ state: 'detached' });
}

describe('一网统管 stories in the browser', { timeout: 2_400_000 }, () => {
  const rig = useStoryRig();
  /** The case story 2 files (story 4 uses it when it exists). */
  let story2Case: { id: number; caseNumber: string } | undefined;

  it('story 2: a bin reported on the map is routed, handled, reworked once, verified, closed and called back', async () => {
    const story = createStory('cases-2-bin');
    const base = rig.server.baseUrl;
    const staffPage = async () => story.watch(await (await newContext(rig.browser)).newPage());

    // The command centre is open on the wall before the report arrives.
    const wall = story.watch(
      await (await newContext(rig.browser, { width: 1920, height: 1080 })).newPage(),
    );
    let navigations = 0;
    wall.on('framenavigated', (frame) => {
      if (frame === wall.mainFrame()) navigations++;
    });
    const counters = await story.step(
      wall,
      '一图通览',
      'the command centre shows its counters',
      async () => {
        await loginThroughUi(wall, base, 'dispatcher');
        await wall.goto(`${base}/command`);
        await wall.getByTestId('kpi-intake-value').waitFor();
        await wall.getByTestId('kpi-open-value').waitFor();
        await wall.getByTestId('live-status').filter({ hasText: '实时' }).waitFor();
        return {
          intake: await readNumber(wall, 'kpi-intake-value'),
          open: await readNumber(wall, 'kpi-open-value'),
          navigations,
        };
      },
    );
    await story.shot(wall, 'command-before');

    const citizen = story.watch(await (await newContext(rig.browser, phone)).newPage());
    await story.step(citizen, '首页', 'citizen1 opens 随手拍 from the home page', async () => {
      await loginThroughUi(citizen, base, 'citizen1');
      await citizen.goto(`${base}/`);
      await citizen.getByRole('link', { name: /随手拍/ }).click();
      await citizen.waitForURL(`${base}/cases/new`);
      await citizen.getByRole('heading', { name: '反映城市问题' }).waitFor();
    });

    await story.step(
      citizen,
      '随手拍',
      'citizen1 pins the bin, describes it and adds a photo',
      async () => {
        await chooseCategory(citizen, '垃圾箱');
        await dropPin(citizen, 12, 18);
        await citizen.getByLabel('地址补充').fill('解放碑步行街 88 号旁');
        await citizen.getByLabel('问题描述').fill('垃圾箱满溢，垃圾散落一地，气味很大。');
        await uploadPhotos(citizen, 'report-photos', 'bin-report');
        assert.equal(await hasHorizontalScroll(citizen), false, 'no sideways scrolling at 375 px');
      },
    );
    await story.shot(citizen, 'citizen-report-form');

    story2Case = await story.step(citizen, '随手拍', 'citizen1 sends the report', async () => {
      await citizen.getByRole('button', { name: '提交反映' }).click();
      // An open report of the same kind nearby is offered first; this bin is a new one.
      const fileAnyway = citizen.getByRole('button', { name: '仍然提交新的反映' });
      const filed = citizen.waitForURL(/\/cases\/\d+$/);
      const offered = fileAnyway.waitFor().then(() => fileAnyway.click());
      await Promise.race([filed, offered]);
      await filed;
      const id = Number(new URL(citizen.url()).pathname.split('/').pop());
      const caseNumber = ((await citizen.getByTestId('case-number').textContent()) ?? '').trim();
      assert.match(caseNumber, /^500103-\d{8}-\d{5}$/, 'a 渝中区 case number');
      return { id, caseNumber };
    });
    const { id: caseId, caseNumber } = story2Case;

    await story.step(citizen, '案件详情', 'the case is routed to the district body', async () => {
      await waitForState(citizen, 'reported');
      await citizen.getByTestId('case-departments').getByText(DEPARTMENT).waitFor();
      await citizen.locator('[data-testid="photo-group"][data-stage="report"] img').waitFor();
    });
    await story.shot(citizen, 'citizen-case-routed');

    await story.step(
      wall,
      '一图通览',
      'the intake and open counters rise without a reload',
      async () => {
        // The monitoring may file cases of its own meanwhile (a manifest's truck overdue at its
        // disposal site), so the counters rise by at least this one, and the feed names it.
        await wall
          .getByTestId('event-feed')
          .getByRole('button', { name: `案件 ${caseId}`, exact: true })
          .first()
          .waitFor({ timeout: LIVE_TIMEOUT });
        await waitForAtLeast(wall, 'kpi-intake-value', counters.intake + 1);
        await waitForAtLeast(wall, 'kpi-open-value', counters.open + 1);
        assert.equal(navigations, counters.navigations, 'the command centre was reloaded');
      },
    );
    await story.shot(wall, 'command-after-report');

    const supervisor = await staffPage();
    const supervisorApi = await apiSession(base, 'supervisor.yuzhong');
    await story.step(
      supervisor,
      '城市管理案件待办',
      'the supervision centre files the case (立案)',
      async () => {
        await loginThroughUi(supervisor, base, 'supervisor.yuzhong');
        await openFromQueue(
          supervisor,
          base,
          { key: 'file', label: '待立案', state: 'reported' },
          caseId,
          caseNumber,
          supervisorApi,
        );
        await act(supervisor, 'file', '确认立案', () =>
          supervisor.getByLabel('立案意见').fill('属实，予以立案。'),
        );
        await waitForState(supervisor, 'filed');
      },
    );
    await story.shot(supervisor, 'supervisor-filed');

    const dispatcher = await staffPage();
    await story.step(
      dispatcher,
      '案件详情',
      'the dispatcher dispatches it to the routed department',
      async () => {
        await loginThroughUi(dispatcher, base, 'dispatcher.yuzhong');
        await openFromQueue(
          dispatcher,
          base,
          { key: 'dispatch', label: '待派遣', state: 'filed' },
          caseId,
          caseNumber,
          await apiSession(base, 'dispatcher.yuzhong'),
        );
        await act(dispatcher, 'dispatch', '确认派遣', async () => {
          // The routed department is the lead unless the dispatcher chooses another.
          await dispatcher.getByTestId('action-form').getByText(DEPARTMENT).waitFor();
        });
        await waitForState(dispatcher, 'handling');
      },
    );

    const handler = await staffPage();
    const handlerApi = await apiSession(base, 'handler.yuzhong');
    const handle = async (note: string) => {
      await act(handler, 'handle', '确认处置反馈', async () => {
        await uploadPhotos(handler, 'action-photos-beforePhotos', 'bin-before');
        await uploadPhotos(handler, 'action-photos-afterPhotos', 'bin-after');
        await handler.getByLabel('处置情况说明').fill(note);
      });
      await waitForState(handler, 'handled');
    };
    await story.step(
      handler,
      '城市管理案件待办',
      'handler.yuzhong handles it with photos',
      async () => {
        await loginThroughUi(handler, base, 'handler.yuzhong');
        await openFromQueue(
          handler,
          base,
          { key: 'handle', label: '待处置', state: 'handling,extended' },
          caseId,
          caseNumber,
          handlerApi,
        );
        await handler.getByTestId('deadline').waitFor();
        await handle('已清运满溢垃圾，清洗垃圾箱。');
      },
    );
    await story.shot(handler, 'handler-handled');

    const inspector = await staffPage();
    await story.step(
      inspector,
      '案件详情',
      'the inspector fails the verification (rework)',
      async () => {
        await loginThroughUi(inspector, base, 'inspector.yuzhong');
        await openFromQueue(
          inspector,
          base,
          { key: 'verify', label: '待核查', state: 'handled' },
          caseId,
          caseNumber,
          await apiSession(base, 'inspector.yuzhong'),
        );
        await act(inspector, 'verify_fail', '确认核查不通过（返工）', async () => {
          await uploadPhotos(inspector, 'action-photos-photos', 'bin-still-dirty');
          await inspector.getByLabel('核查不通过原因').fill('垃圾箱周边仍有散落垃圾。');
        });
        await waitForState(inspector, 'handling');
        await inspector.getByText('返工 1 次').waitFor();
      },
    );
    await story.shot(inspector, 'inspector-rework');

    await story.step(handler, '案件详情', 'handler.yuzhong does the rework', async () => {
      await handler.reload();
      await handle('已返工：清扫周边散落垃圾。');
    });

    await story.step(inspector, '案件详情', 'the inspector passes the verification', async () => {
      await inspector.reload();
      await act(inspector, 'verify_pass', '确认核查通过', async () => {
        await uploadPhotos(inspector, 'action-photos-photos', 'bin-clean');
        await inspector.getByLabel('核查意见').fill('现场已清理干净。');
      });
      await waitForState(inspector, 'verified');
    });
    await story.shot(inspector, 'inspector-verified');

    await story.step(
      supervisor,
      '案件详情',
      'the supervision centre closes it and records the call back',
      async () => {
        await supervisor.reload();
        await act(supervisor, 'close', '确认结案');
        await waitForState(supervisor, 'closed');
        await act(supervisor, 'callback', '确认回访', async () => {
          await supervisor.getByLabel('满意', { exact: true }).check();
          await supervisor.getByLabel('回访记录').fill('电话回访，市民对处置结果满意。');
        });
        await waitForState(supervisor, 'evaluated');
        const history = supervisor.getByTestId('history-entry');
        const actions = await history.evaluateAll((entries) =>
          entries.map((e) => e.getAttribute('data-action')),
        );
        assert.deepEqual(actions, [
          'start',
          'file',
          'dispatch',
          'handle',
          'verify_fail',
          'handle',
          'verify_pass',
          'close',
          'callback',
        ]);
        await supervisor.getByTestId('history-satisfaction').getByText('满意').waitFor();
      },
    );
    await story.shot(supervisor, 'supervisor-called-back');

    await story.step(
      citizen,
      '我的反映',
      'citizen1 sees the result and the call back',
      async () => {
        await citizen.goto(`${base}/cases/mine`);
        await citizen.locator(`[data-testid="my-case"][data-case-id="${caseId}"]`).click();
        await citizen.waitForURL(`${base}/cases/${caseId}`);
        await waitForState(citizen, 'evaluated');
        await citizen.getByTestId('case-satisfaction').getByText('满意').waitFor();
        await citizen
          .locator('[data-testid="photo-group"][data-stage="after"] img')
          .first()
          .waitFor();
        assert.equal(await hasHorizontalScroll(citizen), false, 'no sideways scrolling at 375 px');
      },
    );
    await story.shot(citizen, 'citizen-case-done');

    await story.step(
      wall,
      '一图通览',
      'the open counter follows the closing without a reload',
      async () => {
        // Other cases may be filed meanwhile (the waste monitoring), so the wall is compared with
        // the server's own figure, which no longer counts this case.
        const dispatcherApi = await apiSession(base, 'dispatcher');
        const deadline = Date.now() + LIVE_TIMEOUT;
        let shown = NaN;
        let open = NaN;
        while (shown !== open && Date.now() < deadline) {
          if (!Number.isNaN(shown)) await wall.waitForTimeout(300);
          open = (await dispatcherApi.get<CaseLiveStats>('/api/cases/stats/live')).open;
          shown = await readNumber(wall, 'kpi-open-value').catch(() => NaN);
        }
        assert.equal(shown, open, 'the wall shows the open cases the server counts');
        assert.equal(navigations, counters.navigations, 'the command centre was reloaded');
      },
    );
    await story.shot(wall, 'command-after-callback');

    for (const page of [wall, citizen, supervisor, dispatcher, handler, inspector]) {
      assert.deepEqual(story.errorsOf(page), []);
    }
  });

  it('story 3: a call taker files a case for a caller and finds it again by the phone number', async () => {
    const story = createStory('cases-3-hotline');
    const base = rig.server.baseUrl;
    const callerPhone = `139${String(Date.now()).slice(-8)}`;
    const masked = `${callerPhone.slice(0, 3)}****${callerPhone.slice(-4)}`;
    const page = story.watch(await (await newContext(rig.browser, desktop)).newPage());

    await story.step(
      page,
      '12319 热线',
      'the call taker looks the caller up: no earlier cases',
      async () => {
        await loginThroughUi(page, base, 'calltaker');
        await page.getByRole('link', { name: '12319 热线' }).click();
        await page.waitForURL(`${base}/hotline`);
        await page.getByLabel('来电号码', { exact: true }).fill(callerPhone);
        await page.getByRole('button', { name: '查询' }).click();
        await page
          .getByTestId('caller-cases')
          .getByText(`来电 ${masked} 的历史案件（0 件）`)
          .waitFor();
      },
    );
    await story.shot(page, 'hotline-lookup-empty');

    const caseNumber = await story.step(
      page,
      '12319 热线',
      'the call taker files a case for the caller',
      async () => {
        // The looked-up number is already in the form.
        assert.equal(await page.getByLabel('来电人电话').inputValue(), callerPhone);
        await page.getByLabel('来电人称呼').fill('王先生');
        await chooseCategory(page, '路灯');
        await dropPin(page, -60, 30);
        await page.getByLabel('地址补充').fill('较场口公交站旁');
        await page.getByLabel('问题描述').fill('来电反映：较场口公交站旁路灯连续三晚不亮。');
        await story.shot(page, 'hotline-form');
        await page.getByRole('button', { name: '为来电人登记' }).click();
        const notice = page.locator('.ant-message').getByText(/已登记，案件编号/);
        await notice.waitFor();
        const text = (await notice.textContent()) ?? '';
        const number = /500\d{3}-\d{8}-\d{5}/.exec(text)?.[0];
        assert.ok(number, `the notice names the case number: "${text}"`);
        return number;
      },
    );

    await story.step(page, '12319 热线', 'a new look-up by the number finds the case', async () => {
      await page.reload();
      await page.getByLabel('来电号码', { exact: true }).fill(callerPhone);
      await page.getByRole('button', { name: '查询' }).click();
      const results = page.getByTestId('caller-cases');
      await results.getByText(`来电 ${masked} 的历史案件（1 件）`).waitFor();
      await results.getByRole('button', { name: caseNumber }).waitFor();
      await results.getByText('待立案').waitFor();
      assert.equal(
        await results.getByText(callerPhone).count(),
        0,
        'the full number is not shown in the results',
      );
    });
    await story.shot(page, 'hotline-found');

    await story.step(
      page,
      '案件状态',
      'the call taker reads the case status to the caller',
      async () => {
        await page.getByTestId('caller-cases').getByRole('button', { name: caseNumber }).click();
        const drawer = page.locator('.ant-drawer').filter({ hasText: caseNumber });
        await drawer.getByText('待立案').first().waitFor();
        await drawer.getByText('12319 热线').first().waitFor();
        await drawer.getByText(masked).waitFor();
        await drawer.getByText('需回访').waitFor();
        await drawer.getByText('路灯连续三晚不亮').waitFor();
      },
    );
    await story.shot(page, 'hotline-case-status');

    // Looking a person up by phone is a read of personal data: the ledger has it, with why.
    const admin = await apiSession(base, 'admin');
    const audit = await admin.get<AuditPage>('/api/audit?action=case.lookup_by_phone&pageSize=50');
    const lookups = audit.items.filter((e) => e.purpose === '12319 来电查询历史诉求');
    assert.ok(lookups.length >= 2, 'both look-ups are in the ledger with their purpose');
    assert.ok(
      audit.items.every((e) => !JSON.stringify(e).includes(callerPhone)),
      'the ledger does not keep the number in clear',
    );
    assert.deepEqual(story.errorsOf(page), []);
  });

  it('story 4: a 江北区 handler cannot open a 渝中区 case through the lists or the URL', async () => {
    const story = createStory('cases-4-no-access');
    const base = rig.server.baseUrl;
    // Independent of story 2: file a 渝中区 case through the API if it did not.
    if (!story2Case) {
      const citizenApi = await apiSession(base, 'citizen1');
      const filed = await citizenApi.post<CaseIntakeResult>('/api/cases', {
        categoryCode: 'C0302',
        location: { lat: 29.5575, lon: 106.5772 },
        description: '垃圾箱满溢。',
        forceNew: true,
      });
      story2Case = { id: filed.case.id, caseNumber: filed.case.caseNumber };
    }
    const { id: caseId, caseNumber } = story2Case;
    const own = await (
      await apiSession(base, 'handler.yuzhong')
    ).get<WorkflowView>(`/api/cases/${caseId}`);
    assert.equal(own.regionCode, '500103', 'the case is a 渝中区 case');

    const page = story.watch(await (await newContext(rig.browser)).newPage());
    await story.step(
      page,
      '城市管理案件待办',
      'the case is in none of handler.jiangbei’s lists',
      async () => {
        await loginThroughUi(page, base, 'handler.jiangbei');
        await page.goto(`${base}/staff`);
        await page.getByRole('tab', { name: '城市管理案件' }).click();
        for (const queue of ['handle', 'open']) {
          await page.getByTestId(`queue-${queue}`).click();
          await page.locator('.ant-table-tbody').waitFor();
          await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
          assert.equal(
            await page.getByRole('link', { name: caseNumber }).count(),
            0,
            `${caseNumber} is listed in the ${queue} queue`,
          );
        }
      },
    );
    await story.shot(page, 'jiangbei-queue');

    for (const url of [`/staff/cases/${caseId}`, `/cases/${caseId}`]) {
      await story.step(page, '案件详情', `handler.jiangbei opens ${url} by its URL`, async () => {
        await page.goto(`${base}${url}`);
        await page.getByText('记录不存在或您无权查看').waitFor();
        assert.equal(await page.getByText(caseNumber).count(), 0, 'nothing of the case shows');
        assert.equal(await page.locator('button[data-action]').count(), 0, 'no action offered');
      });
    }
    await story.shot(page, 'jiangbei-no-access');

    const jiangbei = await apiSession(base, 'handler.jiangbei');
    // Beyond the first page the lists hold none either: no 渝中区 case at all.
    const yuzhong = await jiangbei.get<CaseList>('/api/cases?regionCode=500103&pageSize=1');
    assert.equal(yuzhong.total, 0, 'handler.jiangbei lists no 渝中区 case');
    const open = await jiangbei.get<CaseList>('/api/cases?isOpen=true&pageSize=500');
    assert.ok(
      open.items.every((c) => c.regionCode.startsWith('500105')),
      'every case handler.jiangbei lists is a 江北区 case',
    );
    await assert.rejects(
      jiangbei.get(`/api/cases/${caseId}`),
      / 404 /,
      'the API answers 404 (not 403: the case is not revealed)',
    );
    await assert.rejects(
      jiangbei.post(`/api/cases/${caseId}/actions/handle`, {
        note: 'x',
        data: { afterPhotos: [] },
      }),
      / 404 /,
    );
    assert.deepEqual(story.errorsOf(page), []);
  });
});
