// The command centre and supervision in a real browser against the real server (demo city on
// PGlite), zh-CN at 1920×1080 (the wall screen): the dispatcher's 一图通览 shows the KPI
// counters; a case a citizen files through the API changes the counters, the map and the live
// feed without a reload (the last step of story 2); the dispatcher opens the case from the
// feed and dispatches it to a lead and an assisting department at once (一键联动); the
// supervisor's indicators show the case loop's figures; the monthly bulletin renders, also as
// printed; the administrator's catalogue import reports a bad row by row and column.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type {
  CaseIntakeResult,
  CaseLiveStats,
  CategoryList,
  DepartmentList,
  WorkflowView,
} from '@citygov/contracts';
import {
  apiSession,
  createStory,
  loginThroughUi,
  newContext,
  settle,
  useStoryRig,
} from './e2e-harness.ts';

const wall = { width: 1920, height: 1080 };
const LIVE_TIMEOUT = 15_000;
/** A loaded machine (CI runs two test files at once) may take its time to paint the feed. */
const FEED_TIMEOUT = 30_000;
/** 解放碑, 渝中区: inside the demo city's unit grids. */
const JIEFANGBEI = { lat: 29.5575, lon: 106.5772 };

/** The number a KPI card or counter shows ("1,234" → 1234). */
async function readNumber(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(testId).textContent()) ?? '';
  const digits = text.replace(/[^\d]/g, '');
  assert.ok(digits, `${testId} shows no number: "${text}"`);
  return Number(digits);
}

/**
 * Waits until a counter shows at least `expected` (the page is never reloaded meanwhile): the
 * waste monitoring may file cases of its own during the test, so a counter can rise by more.
 */
async function waitForAtLeast(page: Page, testId: string, expected: number) {
  const deadline = Date.now() + LIVE_TIMEOUT;
  let seen = NaN;
  while (Date.now() < deadline) {
    seen = await readNumber(page, testId).catch(() => NaN);
    if (seen >= expected) return;
    await page.waitForTimeout(250);
  }
  assert.fail(`${testId} shows ${seen}, expected at least ${expected} within ${LIVE_TIMEOUT} ms`);
}

/**
 * From now on, keeps every entry the live feed shows ("14:05 · 案件 306 · 上报 · 待立案"), so an
 * entry that later events push off the wall still counts as shown.
 */
async function recordFeed(page: Page) {
  await page.evaluate(`(() => {
    const seen = (window.__feedSeen = []);
    const read = () => {
      for (const li of document.querySelectorAll('[data-testid="event-feed"] li')) {
        const text = [...li.children].map((c) => c.textContent).join(' · ');
        if (!seen.includes(text)) seen.push(text);
      }
    };
    new MutationObserver(read).observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
    });
    read();
  })()`);
}

/** Waits until the live feed has shown an entry of case `caseId` holding every one of `words`. */
async function waitForFeedEntry(page: Page, caseId: number, ...words: string[]) {
  const parts = [` · 案件 ${caseId} · `, ...words];
  // Polled from here: the page's CSP forbids the string evaluation waitForFunction would need.
  const readSeen = () => page.evaluate<string[]>('window.__feedSeen');
  let seen: string[] = [];
  for (const until = Date.now() + FEED_TIMEOUT; Date.now() < until;) {
    seen = await readSeen();
    if (seen.some((text) => parts.every((p) => `${text} · `.includes(p)))) return;
    await page.waitForTimeout(250);
  }
  const status = await page.getByTestId('live-status').textContent();
  assert.fail(
    `the live feed did not show case ${caseId} ${words.join(' ')} within ${FEED_TIMEOUT} ms ` +
      `(stream: ${status}); it showed ${seen.length} entries: ${seen.join(' | ')}`,
  );
}

/** Picks an option of an Ant Design select by typing its name and pressing Enter. */
async function chooseOption(page: Page, label: string, option: string) {
  const field = page.getByLabel(label, { exact: true });
  await field.click();
  await field.fill(option);
  await page.locator('.ant-select-item-option', { hasText: option }).first().waitFor();
  await field.press('Enter');
}

describe('command centre and supervision in the browser', { timeout: 1_500_000 }, () => {
  const rig = useStoryRig();

  it('updates the counters and the map when a case is filed, and dispatches it jointly (一键联动)', async () => {
    const story = createStory('c-command');
    const base = rig.server.baseUrl;
    const page = story.watch(await (await newContext(rig.browser, wall)).newPage());
    let reloads = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) reloads++;
    });

    await story.step(page, '一图通览', 'the dispatcher opens the command centre', async () => {
      await loginThroughUi(page, base, 'dispatcher');
      await page.goto(`${base}/command`);
      await page.getByRole('heading', { name: '城市运行 · 一图通览' }).waitFor();
      for (const id of ['intake', 'open', 'overdue', 'onTimeRate', 'satisfaction']) {
        await page.getByTestId(`kpi-${id}-value`).waitFor();
      }
      await page.getByTestId('city-map').waitFor();
      await page.getByTestId('map-case-count').waitFor();
      // Subscribed before the case is filed: its event must arrive live.
      await page.getByTestId('live-status').filter({ hasText: '实时' }).waitFor();
    });
    await story.shot(page, 'command-centre');

    const dispatcher = await apiSession(base, 'dispatcher');
    // Other stories file cases on the same server meanwhile, and the cards follow them live: a
    // case filed between the page's read and the API's shows on the card a moment later. Read
    // both again until they agree (at most 10 s), then compare the last readings.
    const readBoth = async () => ({
      before: await dispatcher.get<CaseLiveStats>('/api/cases/stats/live'),
      shown: {
        intake: await readNumber(page, 'kpi-intake-value'),
        open: await readNumber(page, 'kpi-open-value'),
        onMap: await readNumber(page, 'map-case-count'),
      },
    });
    let { before, shown } = await readBoth();
    for (
      const until = Date.now() + 10_000;
      (shown.intake !== before.today.intake || shown.open !== before.open) && Date.now() < until;
    ) {
      await page.waitForTimeout(250);
      ({ before, shown } = await readBoth());
    }
    assert.equal(shown.intake, before.today.intake, 'the intake card matches the API');
    assert.equal(shown.open, before.open, 'the open card matches the API');
    const navigationsBefore = reloads;
    await recordFeed(page);

    const citizen = await apiSession(base, 'citizen1');
    const categories = await citizen.get<CategoryList>('/api/cases/categories?kind=event');
    const category =
      categories.items.find((c) => c.nameZh.includes('暴露垃圾')) ?? categories.items[0]!;
    const filed = await citizen.post<CaseIntakeResult>('/api/cases', {
      categoryCode: category.code,
      location: JIEFANGBEI,
      address: '渝中区解放碑步行街',
      description: '解放碑步行街垃圾桶满溢，垃圾散落一地。',
      forceNew: true,
    });
    const caseId = filed.case.id;

    await story.step(
      page,
      '一图通览',
      'the counters and the map change without a reload',
      async () => {
        await waitForAtLeast(page, 'kpi-intake-value', shown.intake + 1);
        await waitForAtLeast(page, 'kpi-open-value', shown.open + 1);
        await waitForAtLeast(page, 'map-case-count', shown.onMap + 1);
        await waitForFeedEntry(page, caseId);
        assert.equal(reloads, navigationsBefore, 'the page was reloaded');
      },
    );
    await story.shot(page, 'command-centre-after-report');

    await story.step(page, '一图通览', 'the vehicles layer joins the map', async () => {
      await page.getByRole('checkbox', { name: '渣土车辆' }).check();
      const live = await dispatcher.get<{ type: string }>('/api/waste/vehicles/live');
      assert.equal(live.type, 'FeatureCollection');
      await page.waitForTimeout(1000);
      assert.equal(await page.getByText('车辆图层暂不可用').count(), 0);
    });

    // The supervision centre files it (立案): it now waits for the dispatcher.
    const supervisor = await apiSession(base, 'supervisor');
    await supervisor.post<WorkflowView>(`/api/cases/${caseId}/actions/file`, {});

    const departments = await dispatcher.get<DepartmentList>(
      '/api/org/departments?region=500103&limit=500',
    );
    const lead = departments.items.find((d) => d.name.includes('城市管理'))!;
    const assist = departments.items.find(
      (d) => d.id !== lead.id && (d.name.includes('市场监管') || d.name.includes('生态环境')),
    )!;
    assert.ok(lead && assist, 'the district has the departments to dispatch to');

    await story.step(
      page,
      '案件抽屉',
      'the dispatcher opens the case from the live feed',
      async () => {
        // The filing (立案) arrives live too. Under the pointer the feed holds still: a case
        // filed meanwhile is counted in a note over it, not pushed in.
        await waitForFeedEntry(page, caseId, '立案', '待派遣');
        const filedEntry = page
          .getByTestId('event-feed')
          .locator('li', { hasText: `案件 ${caseId}` })
          .filter({ hasText: '立案' })
          .filter({ hasText: '待派遣' });
        await page.getByTestId('event-feed').hover();
        const another = await citizen.post<CaseIntakeResult>('/api/cases', {
          categoryCode: category.code,
          location: JIEFANGBEI,
          address: '渝中区解放碑步行街',
          description: '解放碑步行街另一处垃圾桶满溢。',
          forceNew: true,
        });
        await page.getByTestId('event-feed-held').waitFor({ timeout: FEED_TIMEOUT });
        assert.equal(
          await page.getByTestId('event-feed').getByText(`案件 ${another.case.id}`).count(),
          0,
          'the held feed stayed as it was',
        );
        await filedEntry.waitFor({ timeout: LIVE_TIMEOUT });
        await settle(page);
        await filedEntry.getByRole('button', { name: `案件 ${caseId}` }).click();
        const drawer = page.locator('.ant-drawer').filter({ hasText: '打开案卷' });
        await drawer.getByText(filed.case.caseNumber).first().waitFor();
        await drawer.getByText('待派遣').first().waitFor();
        await drawer.getByRole('link', { name: '打开案卷' }).waitFor();
        assert.equal(
          await drawer.getByRole('link', { name: '打开案卷' }).getAttribute('href'),
          `/staff/cases/${caseId}`,
        );
        // Away from the feed, it catches up with what arrived meanwhile.
        await page.mouse.move(960, 5);
        await waitForFeedEntry(page, another.case.id);
      },
    );
    await story.shot(page, 'case-drawer');

    await story.step(
      page,
      '一键联动',
      'the dispatcher dispatches a lead and an assistant',
      async () => {
        await page.getByRole('button', { name: '一键联动' }).click();
        const modal = page.locator('.ant-modal').filter({ hasText: '一键联动派遣' });
        await modal.waitFor();
        await chooseOption(page, '主办部门', lead.name);
        await chooseOption(page, '协办部门', assist.name);
        await modal.getByText('一键联动派遣').click(); // closes the multiple select's list
        await modal.getByLabel('派遣说明').fill('请城管牵头清运，协办部门配合执法。');
        await settle(page);
        await story.shot(page, 'linkage-modal');
        await modal.getByRole('button', { name: '派遣', exact: true }).click();
        const drawer = page.locator('.ant-drawer').filter({ hasText: '打开案卷' });
        await drawer.getByText('处置中').first().waitFor();
        await drawer.getByText(`${lead.name}（主办）`).waitFor();
        await drawer.getByText(assist.name).waitFor();
      },
    );
    await story.shot(page, 'case-dispatched');

    const view = await dispatcher.get<WorkflowView>(`/api/cases/${caseId}`);
    assert.equal(view.state, 'handling');
    const subject = view.subject as { departments: { departmentId: number; isLead: boolean }[] };
    assert.deepEqual(
      subject.departments.map((d) => [d.departmentId, d.isLead]).sort(),
      [
        [lead.id, true],
        [assist.id, false],
      ].sort(),
    );
    assert.equal(reloads, navigationsBefore, 'the page was reloaded');
    assert.deepEqual(story.errorsOf(page), []);
  });

  it('shows the indicators to the supervisor and renders the monthly bulletin', async () => {
    const story = createStory('d-supervision');
    const base = rig.server.baseUrl;
    const page = story.watch(await (await newContext(rig.browser, wall)).newPage());

    await story.step(page, '效能监管', 'the supervisor opens the case indicators', async () => {
      await loginThroughUi(page, base, 'supervisor');
      await page.goto(`${base}/supervision?tab=cases`);
      await page.getByRole('heading', { name: '效能监管' }).waitFor();
      const table = page.getByTestId('case-indicators');
      await table.getByRole('columnheader', { name: '按期结案率' }).waitFor();
      await table.getByText('合计').waitFor();
      // The case filed in the first story counts as 立案 today in the total row.
      const total = table.locator('.ant-table-summary tr').first();
      const cells = await total.locator('td').allTextContents();
      assert.ok(Number(cells[2]?.replace(/[^\d]/g, '')) >= 1, `立案数 total: ${cells.join('|')}`);
      const href = await page.getByRole('link', { name: '导出 XLSX' }).getAttribute('href');
      assert.match(href ?? '', /^\/api\/cases\/indicators\.xlsx\?/);
      const xlsx = await page.request.get(`${base}${href}`);
      assert.equal(xlsx.status(), 200);
      assert.match(xlsx.headers()['content-type'] ?? '', /spreadsheetml/);
    });
    await story.shot(page, 'case-indicators');

    await story.step(
      page,
      '效能监管',
      'the service indicators and the daily scan render',
      async () => {
        await page.getByRole('tab', { name: '一网通办指标' }).click();
        await page.getByTestId('service-indicators').getByText('合计').waitFor();
        await story.shot(page, 'service-indicators');
        await page.getByRole('tab', { name: '日扫描' }).click();
        await page.getByTestId('scan-summary').waitFor();
      },
    );
    await story.shot(page, 'daily-scan');

    await story.step(page, '月通报', 'the monthly bulletin renders its four sections', async () => {
      await page.getByRole('link', { name: '月通报' }).click();
      await page.waitForURL(/\/supervision\/bulletin\?month=\d{4}-\d{2}$/);
      for (const heading of ['一、总体情况', '二、排名情况', '三、超期清单', '四、差评情况']) {
        await page.getByRole('heading', { name: heading }).waitFor();
      }
      await page
        .getByTestId('bulletin-summary')
        .getByText(/本期立案 \d+ 件/)
        .waitFor();
      await page.getByTestId('bulletin-case-ranking').waitFor();
    });
    await story.shot(page, 'bulletin');

    await story.step(
      page,
      '月通报（打印）',
      'printing hides the app around the bulletin',
      async () => {
        await page.emulateMedia({ media: 'print' });
        assert.equal(await page.locator('header.ant-layout-header').isVisible(), false);
        assert.equal(await page.getByRole('button', { name: /打印/ }).isVisible(), false);
        await page.getByRole('heading', { name: '一、总体情况' }).waitFor();
        await story.shot(page, 'bulletin-print');
        await page.emulateMedia({ media: 'screen' });
      },
    );
    assert.deepEqual(story.errorsOf(page), []);
  });

  it('lists the catalogue for the administrator and reports a bad import row by row', async () => {
    const story = createStory('e-admin-catalogue');
    const base = rig.server.baseUrl;
    const page = story.watch(await (await newContext(rig.browser, wall)).newPage());

    await story.step(page, '事项目录', 'the administrator searches the catalogue', async () => {
      await loginThroughUi(page, base, 'admin');
      await page.goto(`${base}/admin/catalogue`);
      await page.getByLabel('搜索事项').fill('护照');
      await page.getByLabel('搜索事项').press('Enter');
      await page.locator('.ant-table-row', { hasText: '护照' }).first().waitFor();
    });
    await story.shot(page, 'catalogue');

    await story.step(page, '导入事项目录', 'a CSV with a bad row is reported by row', async () => {
      // The export's own header, then one row that names an item but fills in nothing else.
      const exported = await page.request.get(`${base}/api/admin/services/items/export?format=csv`);
      assert.equal(exported.status(), 200);
      const header = (await exported.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0]!;
      const badRow = [
        '测试事项',
        ...header
          .split(',')
          .slice(1)
          .map(() => ''),
      ].join(',');
      await page.getByRole('button', { name: '导入' }).click();
      const modal = page.locator('.ant-modal').filter({ hasText: '导入事项目录' });
      await modal.locator('input[type=file]').setInputFiles({
        name: 'items.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`${header}\n${badRow}\n`, 'utf8'),
      });
      await modal.getByRole('button', { name: '检查' }).click();
      await modal.getByRole('columnheader', { name: '行' }).waitFor();
      // Every error is in the data row (row 2; the header is row 1), none in the header.
      const rows = modal.locator('.ant-table-row');
      await rows.first().waitFor();
      const rowNumbers = await rows.locator('td:first-child').allTextContents();
      assert.ok(rowNumbers.length > 0);
      assert.deepEqual([...new Set(rowNumbers)], ['2'], `errors in rows ${rowNumbers.join(',')}`);
      await modal.getByText('有错误的行').waitFor();
    });
    await story.shot(page, 'catalogue-import-errors');

    await story.step(page, '案件分类', 'the category table lists codes and limits', async () => {
      await page.keyboard.press('Escape');
      await page.goto(`${base}/admin/categories`);
      await page.locator('.ant-table-row').first().waitFor();
      await page.getByRole('columnheader', { name: '各环节时限' }).waitFor();
    });
    await story.shot(page, 'categories');
    assert.deepEqual(story.errorsOf(page), []);
  });
});
