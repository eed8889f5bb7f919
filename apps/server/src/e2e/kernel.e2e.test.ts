// The kernel's stories in a real browser against the real server (demo city on PGlite), one
// server for the file: a task through its whole workflow, another district's officer kept out
// of it, "who used my data", the portal on a phone, and administration (a calendar override
// that puts a task at risk, an API key whose secret is shown once). Screenshots (zh-CN) go to
// test-results/e2e/.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import type {
  DepartmentList,
  PersonView,
  RevealedPersonalData,
  WorkflowView,
} from '@citygov/contracts';
import {
  apiSession,
  createStory,
  hasHorizontalScroll,
  loginThroughUi,
  newContext,
  phone,
  settle,
  useStoryRig,
} from './e2e-harness.ts';

const DISTRICT = '渝中区';
const DEPARTMENT = '渝中区城市管理局';
const FIRST_SCREEN_SCRIPT_BUDGET = 500 * 1024;

/** The calendar date of an instant on the city's clock. */
const cityDate = (at: string | Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(at));

async function yuzhongCityManagementId(session: Awaited<ReturnType<typeof apiSession>>) {
  const departments = await session.get<DepartmentList>(
    `/api/org/departments?region=500103&q=${encodeURIComponent('城市管理局')}`,
  );
  return departments.items.find((d) => d.name === DEPARTMENT)!.id;
}

/** Picks an option of an Ant Design select by typing its name and pressing Enter (keyboard only). */
async function chooseOption(page: Page, label: string, option: string) {
  const field = page.getByLabel(label, { exact: true });
  await field.click();
  await field.fill(option);
  await page.locator('.ant-select-item-option', { hasText: option }).first().waitFor();
  await field.press('Enter');
}

describe('kernel stories in the browser', { timeout: 300_000 }, () => {
  const rig = useStoryRig();
  let taskId: number | undefined;
  const taskTitle = `清理解放碑步行街垃圾桶满溢问题 ${Date.now() % 100000}`;

  it('does the whole task workflow when a leader assigns a task to 渝中区城市管理局', async () => {
    const story = createStory('a-task');
    const leader = story.watch(await (await newContext(rig.browser)).newPage());
    const handler = story.watch(await (await newContext(rig.browser)).newPage());
    const base = rig.server.baseUrl;

    await story.step(leader, '登录', 'the leader logs in', async () => {
      await loginThroughUi(leader, base, 'leader');
      await leader.waitForURL(`${base}/staff`);
      await leader.getByRole('heading', { name: '工作台' }).waitFor();
    });
    await story.shot(leader, 'leader-workbench');

    await story.step(leader, '新建交办任务', 'the leader assigns the task', async () => {
      await leader.getByRole('button', { name: '新建交办' }).click();
      await leader.getByLabel('任务标题').fill(taskTitle);
      await leader
        .getByLabel('任务内容')
        .fill('解放碑步行街多处垃圾桶满溢，请于时限内清运并回复。');
      await chooseOption(leader, '所属区域', DISTRICT);
      await chooseOption(leader, '承办部门', DEPARTMENT);
      await leader.getByLabel('办理时限（工作日）').fill('3');
      await story.shot(leader, 'leader-new-task-form');
      await leader.getByRole('button', { name: '交办', exact: true }).click();
      await leader.waitForURL(/\/staff\/tasks\/\d+$/);
      taskId = Number(new URL(leader.url()).pathname.split('/').pop());
      await leader.getByTestId('task-state').filter({ hasText: '待接收' }).waitFor();
      await leader.getByText(DEPARTMENT).first().waitFor();
    });
    await story.shot(leader, 'leader-task-assigned');

    await story.step(
      handler,
      '工作台',
      'handler.yuzhong sees the task in the to-do list',
      async () => {
        await loginThroughUi(handler, base, 'handler.yuzhong');
        await handler.waitForURL(`${base}/staff`);
        await handler.getByRole('link', { name: taskTitle }).waitFor();
      },
    );
    await story.shot(handler, 'handler-todo-list');

    await story.step(handler, '任务详情', 'handler.yuzhong accepts the task', async () => {
      await handler.getByRole('link', { name: taskTitle }).click();
      await handler.waitForURL(`${base}/staff/tasks/${taskId}`);
      await handler.getByTestId('deadline').first().waitFor();
      await handler.getByRole('button', { name: '接收', exact: true }).click();
      await handler.getByTestId('task-state').filter({ hasText: '办理中' }).waitFor();
    });

    await story.step(handler, '任务详情', 'handler.yuzhong submits the result', async () => {
      await handler.getByLabel('办理结果').fill('已清运垃圾 12 桶，更换破损垃圾桶 2 个。');
      await handler.getByLabel('办理意见').fill('请审核');
      await handler.getByRole('button', { name: '提交结果', exact: true }).click();
      await handler.getByTestId('task-state').filter({ hasText: '待审核' }).waitFor();
    });
    await story.shot(handler, 'handler-submitted');

    await story.step(leader, '任务详情', 'the leader approves the result', async () => {
      await leader.reload();
      await leader.getByRole('button', { name: '审核通过', exact: true }).click();
      await leader.getByTestId('task-state').filter({ hasText: '已办结' }).waitFor();
    });

    await story.step(leader, '任务详情', 'the history shows every step', async () => {
      const entries = leader.getByTestId('history-entry');
      await entries.nth(3).waitFor();
      const actions: (string | null)[] = [];
      for (let i = 0; i < (await entries.count()); i++) {
        actions.push(await entries.nth(i).getAttribute('data-action'));
      }
      assert.deepEqual(actions, ['start', 'accept', 'submit', 'approve']);
      for (const label of ['交办', '接收', '提交结果', '审核通过']) {
        await entries.filter({ hasText: label }).first().waitFor();
      }
      await entries.filter({ hasText: '已清运垃圾 12 桶' }).waitFor();
      await entries.filter({ hasText: 'handler.yuzhong' }).first().waitFor();
      assert.equal(await leader.getByRole('button', { name: '审核通过' }).count(), 0);
    });
    await story.shot(leader, 'leader-task-done');
    assert.deepEqual(story.errorsOf(leader), []);
    assert.deepEqual(story.errorsOf(handler), []);
  });

  it('shows "not found or no access" when handler.jiangbei opens a 渝中区 task by its URL', async () => {
    const story = createStory('b-no-access');
    const base = rig.server.baseUrl;
    // Independent of the first story: make a task through the API if it did not.
    if (taskId === undefined) {
      const leader = await apiSession(base, 'leader');
      const created = await leader.post<WorkflowView>('/api/tasks', {
        title: taskTitle,
        description: '',
        regionCode: '500103',
        departmentId: await yuzhongCityManagementId(leader),
        limitWorkdays: 3,
      });
      taskId = Number(created.id);
    }
    const anonymous = story.watch(await (await newContext(rig.browser)).newPage());
    await story.step(
      anonymous,
      '任务详情（未登录）',
      'an anonymous visitor is sent to log in',
      async () => {
        await anonymous.goto(`${base}/staff/tasks/${taskId}`);
        await anonymous.waitForURL(
          `${base}/login?next=${encodeURIComponent(`/staff/tasks/${taskId}`)}`,
        );
        await anonymous.getByText('请登录后继续').waitFor();
      },
    );
    await story.shot(anonymous, 'anonymous-sent-to-login');

    const other = story.watch(await (await newContext(rig.browser)).newPage());
    await story.step(
      other,
      '任务详情',
      'handler.jiangbei sees a clear no-access page',
      async () => {
        await loginThroughUi(other, base, 'handler.jiangbei');
        await other.goto(`${base}/staff/tasks/${taskId}`);
        await other.getByText('记录不存在或您无权查看').waitFor();
        assert.equal(await other.getByText(taskTitle).count(), 0);
        assert.equal(await other.getByRole('button', { name: '接收' }).count(), 0);
      },
    );
    await story.shot(other, 'jiangbei-no-access');

    await story.step(other, '工作台', "the task is not in handler.jiangbei's list", async () => {
      await other.getByRole('link', { name: '返回任务列表' }).click();
      await other.waitForURL(`${base}/staff`);
      await other.getByRole('heading', { name: '交办任务' }).waitFor();
      await other.locator('.ant-table-tbody').waitFor();
      await other.locator('.ant-table-tbody .ant-spin-spinning').waitFor({ state: 'detached' });
      assert.equal(await other.getByRole('link', { name: taskTitle }).count(), 0);
    });
    assert.deepEqual(story.errorsOf(other), []);
  });

  it('lists the clerk\'s reveal in citizen1\'s "who used my data", on a phone', async () => {
    const story = createStory('c-data-uses');
    const base = rig.server.baseUrl;
    const purpose = `核验社保卡申领人身份 ${Date.now() % 100000}`;
    const citizenApi = await apiSession(base, 'citizen1');
    const person = await citizenApi.get<PersonView>('/api/me/person');
    const clerk = await apiSession(base, 'clerk');
    const revealed = await clerk.post<RevealedPersonalData>(`/api/people/${person.id}/reveal`, {
      purpose,
    });
    assert.equal(revealed.personId, person.id);

    const citizen = story.watch(await (await newContext(rig.browser, phone)).newPage());
    await story.step(citizen, '谁用了我的数据', 'citizen1 sees who read their data', async () => {
      await loginThroughUi(citizen, base, 'citizen1');
      await citizen.goto(`${base}/me/data-uses`);
      await citizen.getByRole('heading', { name: '谁用了我的数据' }).waitFor();
      const use = citizen.getByTestId('data-use').filter({ hasText: purpose });
      await use.waitFor();
      await use.getByText('查看完整身份证号、手机号').waitFor();
      await use.getByText('重庆市人民政府政务服务管理办公室').waitFor();
      await use.getByText('窗口人员').waitFor();
      assert.equal(await hasHorizontalScroll(citizen), false, 'the page scrolls sideways');
    });
    await story.shot(citizen, 'citizen-data-uses');

    await story.step(
      citizen,
      '工作台（市民）',
      'a citizen opening the workbench gets a 403 page',
      async () => {
        await citizen.goto(`${base}/staff`);
        await citizen.getByText('无权访问').waitFor();
        assert.equal(await citizen.getByRole('link', { name: '工作台' }).count(), 0);
      },
    );
    await story.shot(citizen, 'citizen-forbidden');

    await story.step(citizen, '菜单（手机）', 'citizen1 logs out from the menu', async () => {
      await citizen.getByRole('button', { name: '打开菜单' }).click();
      await citizen.getByRole('button', { name: '退出', exact: true }).click();
      await citizen.waitForURL(`${base}/`);
      await citizen.getByText('登录办事').waitFor();
      const me = await citizen.request.get(`${base}/api/auth/me`);
      assert.equal(me.status(), 401);
    });
    assert.deepEqual(story.errorsOf(citizen), []);
  });

  it('renders the portal home at 375 px wide without sideways scrolling, under the script budget', async (t) => {
    const story = createStory('d-portal-phone');
    const context = await newContext(rig.browser, phone);
    const page = story.watch(await context.newPage());
    const scripts = new Map<string, Promise<Buffer>>();
    page.on('response', (res) => {
      if (res.request().resourceType() === 'script') scripts.set(res.url(), res.body());
    });
    await story.step(page, '首页（手机）', 'the first screen renders', async () => {
      await page.goto(rig.server.baseUrl, { waitUntil: 'networkidle' });
      await page.getByRole('heading', { name: '一网通办 · 一网统管' }).waitFor();
      await page.getByText('运行正常').waitFor();
      assert.equal(await hasHorizontalScroll(page), false, 'the page scrolls sideways');
    });
    await story.shot(page, 'home');

    const bodies = await Promise.all(scripts.values());
    const compressed = bodies.reduce((sum, body) => sum + gzipSync(body).length, 0);
    assert.ok(scripts.size > 0, 'no script was loaded');
    t.diagnostic(
      `first screen: ${scripts.size} scripts, ${Math.round(compressed / 1024)} kB gzipped`,
    );
    assert.ok(
      compressed < FIRST_SCREEN_SCRIPT_BUDGET,
      `the first screen loads ${Math.round(compressed / 1024)} kB of gzipped script`,
    );

    await story.step(page, '菜单（手机）', 'the menu opens from the header', async () => {
      await page.getByRole('button', { name: '打开菜单' }).click();
      await page.getByRole('menuitem', { name: '办事大厅' }).waitFor();
      assert.equal(await hasHorizontalScroll(page), false);
    });
    await story.shot(page, 'menu');

    await story.step(
      page,
      '首页（手机）',
      'the language switch turns the page into English and back',
      async () => {
        await page.keyboard.press('Escape');
        await page.getByRole('button', { name: 'Switch to English' }).click();
        await page
          .getByRole('heading', { name: 'One network for services and city management' })
          .waitFor();
        await page.getByRole('button', { name: '切换到中文' }).click();
        await page.getByRole('heading', { name: '一网通办 · 一网统管' }).waitFor();
      },
    );
    assert.deepEqual(story.errorsOf(page), []);
  });

  it('colours a task at risk when the administrator makes its last day a day off, and shows a new API key once', async () => {
    const story = createStory('e-admin');
    const base = rig.server.baseUrl;
    const leaderApi = await apiSession(base, 'leader');
    const title = `检查较场口夜市占道经营 ${Date.now() % 100000}`;
    const task = await leaderApi.post<WorkflowView>('/api/tasks', {
      title,
      description: '',
      regionCode: '500103',
      departmentId: await yuzhongCityManagementId(leaderApi),
      limitWorkdays: 1,
    });
    assert.ok(task.deadline, 'a task has a deadline');
    const lastDay = cityDate(task.deadline.at);
    const today = cityDate(new Date());
    const monthsAhead =
      Number(lastDay.slice(0, 4)) * 12 +
      Number(lastDay.slice(5, 7)) -
      (Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)));

    const admin = story.watch(await (await newContext(rig.browser)).newPage());
    await story.step(
      admin,
      '系统管理 · 用户与角色',
      'the administrator opens administration',
      async () => {
        await loginThroughUi(admin, base, 'admin');
        await admin.getByRole('link', { name: '系统管理' }).click();
        await admin.waitForURL(`${base}/admin/users`);
        const search = admin.getByLabel('用户名或姓名');
        await search.fill('handler.yuzhong');
        await search.press('Enter');
        await admin.locator('.ant-table-row', { hasText: 'handler.yuzhong' }).first().waitFor();
      },
    );
    await story.shot(admin, 'admin-users');

    const day = admin.locator(`[data-date="${lastDay}"]`);
    await story.step(
      admin,
      '系统管理 · 工作日历',
      `the administrator makes ${lastDay} a day off`,
      async () => {
        await admin.getByRole('tab', { name: '工作日历' }).click();
        await admin.waitForURL(`${base}/admin/calendar`);
        for (let i = 0; i < monthsAhead; i++) {
          await admin.getByRole('button', { name: '下个月' }).click();
        }
        await day.click();
        const dialog = admin.getByRole('dialog');
        await settle(admin);
        await dialog.getByLabel('调整说明').fill('演示：临时调休');
        await dialog.getByRole('button', { name: '设为休息日' }).click();
        await dialog.waitFor({ state: 'hidden' });
        await day.filter({ hasText: '调' }).waitFor();
      },
    );
    await story.shot(admin, 'admin-calendar-override');

    const leader = story.watch(await (await newContext(rig.browser)).newPage());
    await story.step(leader, '工作台', 'the task shows as due soon (orange)', async () => {
      await loginThroughUi(leader, base, 'leader');
      const row = leader.locator('.ant-table-row', {
        has: leader.getByRole('link', { name: title }),
      });
      const tag = row.locator('[data-risk]');
      await tag.filter({ hasText: '即将到期' }).waitFor();
      assert.equal(await tag.getAttribute('data-risk'), 'atRisk');
    });
    await story.shot(leader, 'leader-workbench-at-risk');

    await story.step(
      admin,
      '系统管理 · 工作日历',
      'the administrator removes the override',
      async () => {
        await day.click();
        await settle(admin);
        const restore = admin.getByRole('dialog').getByRole('button', { name: '恢复默认安排' });
        // The dialog may still be animating in under load: wait for the DELETE itself, and
        // click again if the first click landed before the button took events.
        const isDeleted = (r: { request(): { method(): string }; url(): string }) =>
          r.request().method() === 'DELETE' && r.url().includes(`/api/admin/calendar/${lastDay}`);
        let answer = admin.waitForResponse(isDeleted, { timeout: 5000 });
        await restore.click();
        const first = await answer.catch(() => null);
        if (!first) {
          answer = admin.waitForResponse(isDeleted);
          await restore.click();
        }
        const response = first ?? (await answer);
        assert.ok(response.ok(), `DELETE answered ${response.status()}`);
        await day.filter({ hasText: '调' }).waitFor({ state: 'detached' });
      },
    );

    let secret = '';
    await story.step(
      admin,
      '系统管理 · 接口密钥',
      'the administrator issues an API key',
      async () => {
        await admin.getByRole('tab', { name: '接口密钥' }).click();
        await admin.waitForURL(`${base}/admin/api-keys`);
        await admin.getByRole('button', { name: '签发接口密钥' }).click();
        const dialog = admin.getByRole('dialog');
        await settle(admin);
        await dialog.getByLabel('名称').fill('解放碑建设银行自助终端');
        const owner = dialog.getByLabel('责任人');
        await owner.click();
        await owner.fill('clerk');
        await admin
          .locator('.ant-select-item-option')
          .filter({ hasText: /^clerk · / })
          .click();
        await chooseOption(admin, '渠道', '银行自助终端');
        const permissions = dialog.getByLabel('权限');
        await permissions.click();
        await permissions.fill('people:read');
        await permissions.press('Enter');
        // A tags list stays open after Enter; clicking the dialog's title closes it.
        await dialog.getByText('签发接口密钥', { exact: true }).click();
        await chooseOption(admin, '区域范围', DISTRICT);
        await story.shot(admin, 'admin-api-key-form');
        await dialog.getByRole('button', { name: '确定' }).click();
        const box = admin.getByTestId('api-key-secret');
        await box.waitFor();
        secret = await box.inputValue();
        assert.match(secret, /^\S{20,}$/);
      },
    );
    await story.shot(admin, 'admin-api-key-secret');

    await story.step(
      admin,
      '系统管理 · 接口密钥',
      'the secret is gone once the box is closed',
      async () => {
        await admin.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();
        await admin.getByTestId('api-key-secret').waitFor({ state: 'detached' });
        const row = admin.locator('.ant-table-row', { hasText: '解放碑建设银行自助终端' });
        await row.filter({ hasText: '有效' }).waitFor();
        assert.equal((await admin.content()).includes(secret), false);
      },
    );
    await story.shot(admin, 'admin-api-keys');
    assert.deepEqual(story.errorsOf(admin), []);
    assert.deepEqual(story.errorsOf(leader), []);
  });
});
