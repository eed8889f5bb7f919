// The demo city's cases: a few hundred reports over the last 60 days in the nine central
// districts, on real grids and classes, each run through the real loop by the district's demo
// staff at simulated times until the present: so older ones are closed and called back,
// recent ones wait in every state (reported, filed, handling, returned, extended, reworked,
// handled, verified, closed), with declines, merges and joined reporters. Deterministic for a
// given seeding day: every choice comes from random('cases-demo', i).
import type { CreateCaseBody } from '@citygov/contracts';
import type { AppContext } from '../../../platform/http/context.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { centralDistrictCodes } from '../../../platform/org/index.ts';
import type { Random } from '../../../demo/index.ts';
import { AppError } from '../../../platform/errors.ts';
import type { CaseLoopTables } from '../loop/case-loop-tables.ts';
import { caseDriver, principalOf, type CaseDriver } from './case-driver.ts';

export const DEMO_CASES = 300;
const HISTORY_DAYS = 60;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

interface Place {
  code: string;
  pinyin: string;
  grids: Array<{ lat: number; lon: number }>;
  citizen: string | null;
}

interface DemoWorld {
  ctx: AppContext;
  drive: CaseDriver;
  places: Place[];
  categories: string[];
  /** Staff principals by username (loaded once). */
  staff(username: string): Promise<Principal>;
  /** The department handler for a department id. */
  handlerFor(departmentId: number | null, place: Place): Promise<Principal>;
  /** The district's 城市管理局. */
  fallbackDepartment(place: Place): Promise<number>;
  now: number;
}

const descriptions: Record<string, string[]> = {
  default: [
    '现场情况如照片所示，请尽快处理',
    '已持续数日，影响周边居民出行',
    '多次反映未解决，请相关部门处理',
    '夜间尤其明显，存在安全隐患',
    '位于小区出入口附近，人流量大',
  ],
};

async function loadWorld(ctx: AppContext, now: number): Promise<DemoWorld> {
  const db = ctx.db;
  const districts = await db
    .selectFrom('divisions')
    .select(['code', 'name'])
    .where('code', 'in', [...centralDistrictCodes])
    .orderBy('code')
    .execute();
  const citizens = await db
    .selectFrom('users')
    .select(['username', 'region_code'])
    .where('kind', '=', 'citizen')
    .where('username', 'like', 'citizen%')
    .orderBy('username')
    .execute();
  const usernames = new Set(
    (
      await db
        .selectFrom('users')
        .select('username')
        .where('username', 'like', 'handler%')
        .execute()
    ).map((u) => u.username),
  );
  const places: Place[] = [];
  for (const d of districts) {
    const grids = await db
      .selectFrom('grids')
      .select(['centroid_lat as lat', 'centroid_lon as lon'])
      .where('region_code', '=', d.code)
      .orderBy('code')
      .execute();
    if (!grids.length) continue;
    // The district's handler account names its district (handler.yuzhong …).
    const handler = await db
      .selectFrom('users')
      .select('username')
      .where('username', 'like', 'handler.%')
      .where('region_code', '=', d.code)
      .where('username', 'not like', 'handler.%.%')
      .executeTakeFirst();
    places.push({
      code: d.code,
      pinyin: handler?.username.slice('handler.'.length) ?? '',
      grids,
      citizen: citizens.find((c) => c.region_code.startsWith(d.code))?.username ?? null,
    });
  }
  const categories = (
    await db
      .selectFrom('case_categories')
      .select('code')
      .where('is_active', '=', true)
      .where('is_restricted', '=', false)
      .orderBy('code')
      .execute()
  ).map((c) => c.code);
  const departments = new Map(
    (await db.selectFrom('departments').select(['id', 'code']).execute()).map((d) => [
      d.id,
      d.code,
    ]),
  );
  const principals = new Map<string, Promise<Principal>>();
  const staff = (username: string) => {
    let p = principals.get(username);
    if (!p) {
      p = principalOf(ctx, username);
      principals.set(username, p);
    }
    return p;
  };
  return {
    ctx,
    drive: caseDriver(ctx),
    places,
    categories,
    staff,
    now,
    async fallbackDepartment(place) {
      const row = await db
        .selectFrom('departments')
        .select('id')
        .where('code', '=', `${place.code}-CGJ`)
        .executeTakeFirstOrThrow();
      return row.id;
    },
    async handlerFor(departmentId, place) {
      const code = departmentId === null ? undefined : departments.get(departmentId);
      const abbr = code?.split('-')[1]?.toLowerCase();
      const bound = abbr ? `handler.${place.pinyin}.${abbr}` : undefined;
      if (code?.startsWith(place.code) && bound && usernames.has(bound)) return staff(bound);
      if (abbr === 'cgj' && code?.startsWith(place.code)) return staff(`handler.${place.pinyin}`);
      return staff('handler');
    },
  };
}

/** A reporting time: half over 60 days, the rest in the last 4 (recent cases are open). */
function reportTime(random: Random, now: number): number {
  if (random.chance(0.1)) return now - random.between(10, 8 * 60) * MINUTE;
  const daysAgo = random.chance(0.5) ? random.between(0, HISTORY_DAYS - 1) : random.between(0, 3);
  const beijingMidnight = Math.floor((now + 8 * HOUR) / DAY) * DAY - 8 * HOUR;
  const at = beijingMidnight - daysAgo * DAY + random.between(8 * 60, 20 * 60) * MINUTE;
  return Math.min(at, now - random.between(5, 120) * MINUTE);
}

/** Runs one case through the loop until its next step would lie in the future. */
class CaseRun {
  t: number;
  id = 0;
  readonly w: DemoWorld;
  readonly random: Random;
  readonly place: Place;
  departmentId: number | null = null;
  deadline: number | null = null;

  constructor(w: DemoWorld, random: Random, place: Place, t: number) {
    this.w = w;
    this.random = random;
    this.place = place;
    this.t = t;
  }

  /**
   * Moves the clock on; false (and the case stays as it is) when that is past now, or, for a
   * case of the last two days, when its queue has not reached it yet.
   */
  wait(minMinutes: number, maxMinutes: number): boolean {
    this.t += this.random.between(minMinutes, maxMinutes) * MINUTE;
    const isQueued = this.w.now - this.t < 2 * DAY && this.random.chance(0.15);
    return this.t <= this.w.now && !isQueued;
  }

  async act(who: Principal, action: string, data: Record<string, unknown> = {}, note?: string) {
    const outcome = await this.w.drive.step(new Date(this.t), who, this.id, action, {
      data,
      ...(note && { note }),
    });
    this.departmentId = outcome.departmentId;
    this.deadline = outcome.stateDeadlineAt?.getTime() ?? null;
  }

  staff = (role: string) => this.w.staff(`${role}.${this.place.pinyin}`);

  /** 派遣 to the routed department, or the district's 城市管理局 when none is known. */
  async dispatch() {
    const dispatcher = await this.staff('dispatcher');
    try {
      await this.act(dispatcher, 'dispatch');
    } catch (err) {
      if (!(err instanceof AppError && err.details?.['field'] === 'data.departmentId')) throw err;
      await this.act(dispatcher, 'dispatch', {
        departmentId: await this.w.fallbackDepartment(this.place),
      });
    }
  }

  /** Handles on time mostly (a share of the limit), late sometimes; false if not yet. */
  async handle(isLate: boolean): Promise<boolean> {
    const limit = (this.deadline ?? this.t + 4 * HOUR) - this.t;
    this.t += isLate
      ? limit + this.random.between(60, 26 * 60) * MINUTE
      : Math.max(10 * MINUTE, Math.round(limit * (0.1 + this.random.next() * 0.8)));
    if (this.t > this.w.now) return false;
    const handler = await this.w.handlerFor(this.departmentId, this.place);
    await this.act(
      handler,
      'handle',
      { afterPhotos: [await this.w.drive.photo(handler, 'after')] },
      this.random.pick(['已处置完毕', '已清理并恢复原状', '已维修，现场恢复正常', '已整改到位']),
    );
    return true;
  }

  async verify(pass: boolean): Promise<boolean> {
    if (!this.wait(30, 240)) return false;
    const inspector = await this.staff('inspector');
    await this.act(
      inspector,
      pass ? 'verify_pass' : 'verify_fail',
      { photos: [await this.w.drive.photo(inspector, 'verify')] },
      pass ? undefined : '现场核查未处置到位，需返工',
    );
    return true;
  }
}

async function reporterOf(w: DemoWorld, random: Random, place: Place, i: number) {
  const channel = random.weighted(['app', 'hotline', 'inspector'], [45, 30, 25]);
  if (channel === 'app' && place.citizen) {
    return { who: await w.staff(place.citizen), extra: {} };
  }
  if (channel === 'hotline') {
    const phone = `139${String(20_000_000 + ((i * 7_919) % 80_000_000)).padStart(8, '0')}`;
    return {
      who: await w.staff(`calltaker.${place.pinyin}`),
      extra: { caller: { phone, wantsCallback: random.chance(0.7) } },
    };
  }
  return { who: await w.staff(`inspector.${place.pinyin}`), extra: {} };
}

/** One case, from its report to wherever the present stops it. */
async function runCase(w: DemoWorld, i: number, rnd: (i: number) => Random): Promise<void> {
  const random = rnd(i);
  const place = w.places[i % w.places.length]!;
  const grid = random.pick(place.grids);
  const category = random.pick(w.categories);
  const run = new CaseRun(w, random, place, reportTime(random, w.now));
  const { who, extra } = await reporterOf(w, random, place, i);
  const body: CreateCaseBody = {
    categoryCode: category,
    // Within the grid's cell (cells are about 100 m across).
    location: {
      lat: grid.lat + (random.next() - 0.5) * 0.0004,
      lon: grid.lon + (random.next() - 0.5) * 0.0004,
    },
    description: random.pick(descriptions.default!),
    ...extra,
  };
  // A few come in through Open311 (a partner app filing with its key).
  const channel = 'caller' in extra || !random.chance(0.08) ? undefined : ('open311' as const);
  run.id = await w.drive.report(new Date(run.t), who, body, channel);
  const supervisor = await run.staff('supervisor');
  const dispatcher = await run.staff('dispatcher');

  if (!run.wait(5, 90)) return;
  if (random.chance(0.06)) {
    await run.act(supervisor, 'decline', {}, '经核实不属于城市管理问题，已告知反映人');
    return;
  }
  await run.act(supervisor, 'file');
  if (!run.wait(10, 120)) return;
  await run.dispatch();
  if (random.chance(0.07)) {
    // 退单 and dispatch again.
    if (!run.wait(30, 180)) return;
    const handler = await w.handlerFor(run.departmentId, place);
    await run.act(handler, 'return', {}, '经现场查看，不属于本单位职责范围');
    if (!run.wait(20, 90)) return;
    await run.dispatch();
  }
  if (random.chance(0.08) && run.deadline && run.t + 60 * MINUTE < run.deadline) {
    if (!run.wait(10, 50)) return;
    const handler = await w.handlerFor(run.departmentId, place);
    await run.act(
      handler,
      'request_extension',
      { extensionWorkdays: 2 },
      '需协调多个部门，申请延期',
    );
    if (!run.wait(10, 60)) return;
    await run.act(dispatcher, 'approve_extension');
  }
  if (random.chance(0.05) && run.deadline && run.deadline < w.now) {
    // 督办 once the deadline lapsed, the case still being handled.
    const at = run.t;
    run.t = run.deadline + random.between(10, 120) * MINUTE;
    if (run.t <= w.now) await run.act(supervisor, 'supervise', {}, '已超期，请立即处置并反馈');
    else run.t = at;
  }
  if (!(await run.handle(random.chance(0.12)))) return;
  if (random.chance(0.06)) {
    if (!(await run.verify(false))) return;
    if (!(await run.handle(false))) return;
  }
  if (!(await run.verify(true))) return;
  if (!run.wait(10, 90)) return;
  await run.act(supervisor, 'close');
  // 回访 the next working day or so.
  if (!run.wait(18 * 60, 30 * 60)) return;
  const satisfaction = random.weighted(
    ['satisfied', 'basically_satisfied', 'dissatisfied'],
    [75, 17, 8],
  );
  if (satisfaction === 'dissatisfied' && random.chance(0.5)) {
    await run.act(supervisor, 'reopen', {}, '回访不满意：问题反弹，重新处置');
    if (!(await run.handle(false))) return;
    if (!(await run.verify(true))) return;
    if (!run.wait(10, 90)) return;
    await run.act(supervisor, 'close');
    if (!run.wait(18 * 60, 30 * 60)) return;
    await run.act(supervisor, 'callback', { satisfaction: 'satisfied' });
    return;
  }
  await run.act(supervisor, 'callback', { satisfaction });
}

/** A second report of an open case: joined (both reporters kept) or merged by the centre. */
async function runDuplicate(w: DemoWorld, i: number, random: Random): Promise<void> {
  const open = await w.ctx.db
    .selectFrom('workflow_instances')
    .select(['subject_id', 'region_code'])
    .where('subject_type', '=', 'case')
    .where('state', 'in', ['filed', 'handling'])
    .orderBy('id')
    .offset(i * 3)
    .limit(1)
    .executeTakeFirst();
  if (!open) return;
  const target = await w.ctx.db
    .withTables<CaseLoopTables>()
    .selectFrom('cases')
    .select(['id', 'category_code', 'lat', 'lon', 'region_code', 'created_at'])
    .where('id', '=', Number(open.subject_id))
    .executeTakeFirstOrThrow();
  const place = w.places.find((p) => p.code === target.region_code);
  if (!place) return;
  const at = new Date(
    Math.min(w.now - MINUTE, target.created_at.getTime() + random.between(30, 600) * MINUTE),
  );
  const body: CreateCaseBody = {
    categoryCode: target.category_code,
    location: { lat: target.lat + 0.0001, lon: target.lon + 0.0001 },
    description: '同一位置的问题，再次反映',
  };
  const who = await w.staff(`inspector.${place.pinyin}`);
  if (i % 2 === 0) {
    await w.drive.report(at, who, { ...body, joinCaseId: target.id });
    return;
  }
  const duplicate = await w.drive.report(at, who, body);
  await w.drive.act(
    new Date(at.getTime() + 10 * MINUTE),
    await w.staff(`supervisor.${place.pinyin}`),
    duplicate,
    'merge',
    { data: { duplicateOf: target.id } },
  );
}

export interface DemoCasesResult {
  cases: number;
  duplicates: number;
}

/** Seeds the demo cases; `rnd` is the seed context's random stream. */
export async function seedDemoCases(
  ctx: AppContext,
  rnd: (stream: string, index?: number) => Random,
  options: { count?: number; now?: Date; log?: (message: string) => void } = {},
): Promise<DemoCasesResult> {
  const now = (options.now ?? new Date()).getTime();
  const w = await loadWorld(ctx, now);
  if (!w.places.length || !w.categories.length) {
    options.log?.('cases: no grids or categories, no demo cases');
    return { cases: 0, duplicates: 0 };
  }
  const count = options.count ?? DEMO_CASES;
  for (let i = 0; i < count; i++) {
    await runCase(w, i, (k) => rnd('cases-demo', k));
    if ((i + 1) % 60 === 0) options.log?.(`cases: ${i + 1}/${count} demo cases`);
  }
  const duplicates = Math.max(2, Math.round(count / 30));
  for (let i = 0; i < duplicates; i++) {
    await runDuplicate(w, i, rnd('cases-demo-duplicates', i));
  }
  return { cases: count, duplicates };
}
