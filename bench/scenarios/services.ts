// 一网通办 at load, three figures:
//  - application submissions: POST /api/services/applications by citizens with sessions, each a
//    form, three material references (files the citizen uploaded), the number, the workflow
//    instance with its intake step, the audit entries and the applicant's notice, in one
//    transaction; goal ≥ 0.3 of pgbench, p99 < 50 ms at half the peak rate;
//  - "my applications": GET /api/services/applications?view=mine by citizens with 20 each;
//    goal ≥ 5,000 requests/s. Run twice: as deployed, where a list read again before it changes
//    comes from the server's memory (DR-11; the server's counters say how many did), and with
//    that cache off (SERVICES_MINE_CACHE_MB=0), every read through PostgreSQL;
//  - catalogue search: GET /api/services/items?q=… over the whole demo catalogue (every item,
//    with names, keywords, pinyin and codes) by a citizen with a session; goal p95 < 20 ms at
//    half the peak rate;
//  - indicators: GET /api/services/indicators for one month and every department over a
//    generated history (BENCH_INDICATOR_APPLICATIONS, default 300,000; the figure is
//    for 10 million: BENCH_INDICATOR_APPLICATIONS=10000000, PostgreSQL only); goal p95 < 200 ms.
// The hot operations check the status and drop the answer unparsed (the load generator shares
// the cores); the answers' content is checked in set-up and on every 64th request.
import type { Pool } from 'undici';
import { callJson, logIn, send, type Session } from '../lib/http.ts';
import {
  buildRow,
  describeCpu,
  runHttpWorkload,
  type HttpWorkload,
  type WorkloadRun,
} from '../lib/http-workload.ts';
import type { Scenario, ScenarioContext } from '../lib/scenario.ts';
import type { MeasuredRow, ScenarioOutcome } from '../lib/report.ts';
import { benchPassword, seedBenchCity, type SeededDistrict } from '../lib/seed-city.ts';
import { settleSeed } from '../lib/settle-seed.ts';
import type { AppContext } from '../../apps/server/src/platform/http/context.ts';
import { createUser } from '../../apps/server/src/test-support/harness.ts';
import { insertPerson } from '../../apps/server/src/platform/people/index.ts';
import { residentIdCheckChar } from '../../apps/server/src/platform/crypto/identifiers.ts';
import { loadDepartments, loadDivisions } from '../../apps/server/src/platform/org/index.ts';
import { loadUserPrincipal } from '../../apps/server/src/platform/auth/sessions.ts';
import {
  recordUpload,
  sampleItemBody,
} from '../../apps/server/src/modules/services/test-fixtures.ts';
import {
  createServiceItem,
  generateApplications,
  runIndicatorRollup,
  seedServiceCatalogue,
} from '../../apps/server/src/modules/services/index.ts';

// Logins are limited to 20 a minute per client address: 16 citizens and an administrator.
const CITIZENS = 16;
const ITEMS_PER_DISTRICT = 4;
const MINE_PER_CITIZEN = 20;

interface Citizen {
  username: string;
  files: string[];
}

interface SeededCity {
  districts: SeededDistrict[];
  citizens: Citizen[];
}

/** Citizens with a person each and three uploaded files (as the upload route records them). */
async function seedCitizens(ctx: AppContext, count: number): Promise<Citizen[]> {
  const citizens: Citizen[] = [];
  for (let i = 0; i < count; i++) {
    // 500103 + a birth date in 1980 + a sequence: distinct for i < 1000.
    const birth = `1980${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    const first17 = `500103${birth}${String(i).padStart(3, '0')}`;
    const personId = await insertPerson(ctx, ctx.db, {
      name: `市民${i + 1}`,
      idNumber: `${first17}${residentIdCheckChar(first17)}`,
      phone: null,
      regionCode: '500103',
      address: null,
    });
    const username = `citizen${i + 1}`;
    const userId = await createUser(ctx, {
      username,
      kind: 'citizen',
      regionCode: '500103',
      personId,
      roles: [{ role: 'citizen' }],
    });
    const files: string[] = [];
    for (let f = 0; f < 3; f++) {
      files.push(await recordUpload(ctx.db, `user:${userId}`, `bench ${username} material ${f}`));
    }
    citizens.push({ username, files });
  }
  return citizens;
}

async function seedCity(ctx: AppContext): Promise<SeededCity> {
  const districts = await seedBenchCity(ctx);
  await createUser(ctx, { username: 'admin', roles: [{ role: 'admin' }] });
  return { districts, citizens: await seedCitizens(ctx, CITIZENS) };
}

/** The tables generateApplications writes. */
const HISTORY_TABLES = ['service_applications', 'workflow_instances', 'service_ratings'];

/** Applications of other people in the table the list reads (BENCH_MINE_BACKGROUND). */
const MINE_BACKGROUND = Number(process.env.BENCH_MINE_BACKGROUND ?? 100_000);

/**
 * The bench city with a history of other people's applications written first, so the citizens'
 * lists are read out of a table of realistic size: with only their 320 rows, the planner took
 * sequential scans of both tables once autovacuum had analysed them (PostgreSQL's work per read
 * tripled in one run and not in another; with 100,000 rows it once took parallel workers, which
 * the pipeline lanes no longer plan). The generator draws applicants from the persons that
 * exist when it runs, and the bench citizens are created after it: their lists hold only their own.
 */
async function seedCityWithHistory(ctx: AppContext): Promise<SeededCity> {
  const districts = await seedBenchCity(ctx);
  const adminId = await createUser(ctx, { username: 'admin', roles: [{ role: 'admin' }] });
  const admin = (await loadUserPrincipal(ctx.db, adminId, {
    sessionId: null,
    isCookieAuth: false,
  }))!;
  const city = await ctx.db
    .selectFrom('departments')
    .select('id')
    .where('region_code', '=', '500000')
    .executeTakeFirstOrThrow();
  // The generator applies for city-level items.
  await createServiceItem(
    ctx.db,
    admin,
    sampleItemBody(city.id, {
      typeCode: 'GG',
      mainCode: '00099',
      name: '基准测试背景事项',
      audience: 'citizen',
      isLicensing: false,
      issuedLicenceType: null,
      specialSteps: [],
    }),
  );
  // 2,000 people, 50 applications each over the generated year: far more than a citizen's
  // share, so the statistics are no kinder to the list than a real table's.
  for (let i = 0; i < 2000; i++) {
    const birth = `${1990 + Math.floor(i / 1000)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    const first17 = `500104${birth}${String(i % 1000).padStart(3, '0')}`;
    await insertPerson(ctx, ctx.db, {
      name: `居民${i + 1}`,
      idNumber: `${first17}${residentIdCheckChar(first17)}`,
      phone: null,
      regionCode: '500104',
      address: null,
    });
  }
  await generateApplications(ctx.db, MINE_BACKGROUND);
  await settleSeed(ctx, HISTORY_TABLES);
  return { districts, citizens: await seedCitizens(ctx, CITIZENS) };
}

/** Items with three required materials each, in every district's bureau (spreads the daily counters). */
async function createItems(pool: Pool, admin: Session, districts: readonly SeededDistrict[]) {
  const codes: string[] = [];
  const material = (name: string) => ({
    name,
    forms: ['original' as const],
    copies: 1,
    requirement: 'required' as const,
    source: 'applicant' as const,
  });
  for (const [d, district] of districts.entries()) {
    for (let k = 0; k < ITEMS_PER_DISTRICT; k++) {
      const body = sampleItemBody(district.departmentId, {
        typeCode: 'GG',
        mainCode: String(100 + d * ITEMS_PER_DISTRICT + k).padStart(5, '0'),
        name: `基准测试事项 ${d + 1}-${k + 1}`,
        audience: 'citizen',
        isLicensing: false,
        issuedLicenceType: null,
        specialSteps: [],
        channels: ['web', 'mobile', 'window'],
        materials: [material('申请表'), material('身份证明'), material('现场照片')],
      });
      const created = await callJson<{ code: string }>(
        pool,
        'POST',
        '/api/admin/services/items',
        admin,
        body,
      );
      codes.push(created.code);
    }
  }
  return codes;
}

function applicationBody(itemCode: string, citizen: Citizen, n: number) {
  return {
    itemCode,
    form: { contactPhone: '13800138000', purpose: `基准测试 ${n}` },
    materials: citizen.files.map((fileSha256, i) => ({ materialId: i + 1, fileSha256 })),
  };
}

async function logInAll(pool: Pool, citizens: readonly Citizen[]) {
  const sessions: Session[] = [];
  for (const c of citizens) sessions.push(await logIn(pool, c.username, benchPassword));
  return sessions;
}

const submissions: HttpWorkload<SeededCity> = {
  seed: seedCity,
  async prepare(pool, seeded, log) {
    const admin = await logIn(pool, 'admin', benchPassword);
    const items = await createItems(pool, admin, seeded.districts);
    const sessions = await logInAll(pool, seeded.citizens);
    log(`${items.length} items, ${sessions.length} citizens with three uploaded files each`);
    let n = 0;
    return {
      operation: async () => {
        const i = n++;
        const c = i % sessions.length;
        const body = applicationBody(items[(i * 7) % items.length]!, seeded.citizens[c]!, i);
        if (i % 64 !== 0) {
          await send(pool, 'POST', '/api/services/applications', sessions[c]!, body);
          return;
        }
        const view = await callJson<{ state: string; subject: { number: string } }>(
          pool,
          'POST',
          '/api/services/applications',
          sessions[c]!,
          body,
        );
        if (view.state !== 'submitted' || !view.subject.number) {
          throw new Error(`a submission answered state ${view.state}`);
        }
      },
      summarize: () => ({ submissions: n, items: items.length, citizens: sessions.length }),
    };
  },
};

const mine: HttpWorkload<SeededCity> = {
  seed: seedCityWithHistory,
  async prepare(pool, seeded, log) {
    const admin = await logIn(pool, 'admin', benchPassword);
    const items = await createItems(pool, admin, seeded.districts);
    const sessions = await logInAll(pool, seeded.citizens);
    log(`submitting ${MINE_PER_CITIZEN} applications for each of ${sessions.length} citizens`);
    for (let round = 0; round < MINE_PER_CITIZEN; round++) {
      await Promise.all(
        sessions.map((s, c) =>
          callJson(
            pool,
            'POST',
            '/api/services/applications',
            s,
            applicationBody(items[(round + c) % items.length]!, seeded.citizens[c]!, round),
          ),
        ),
      );
    }
    const path = '/api/services/applications?view=mine&pageSize=20';
    const check = async (session: Session) => {
      const answer = await callJson<{ total: number; items: unknown[] }>(
        pool,
        'GET',
        path,
        session,
      );
      if (answer.total !== MINE_PER_CITIZEN || answer.items.length !== MINE_PER_CITIZEN)
        throw new Error(`expected ${MINE_PER_CITIZEN} applications, got ${answer.total}`);
    };
    for (const session of sessions) await check(session);
    let n = 0;
    return {
      operation: async () => {
        const i = n++;
        const session = sessions[i % sessions.length]!;
        if (i % 64 === 0) await check(session);
        else await send(pool, 'GET', path, session);
      },
      summarize: async () => ({
        citizens: sessions.length,
        applicationsEach: MINE_PER_CITIZEN,
        reads: n,
        ...(await readMineSources(pool, admin)),
      }),
    };
  },
};

/** The same reads with the server's cache of lists off: every read through the database. */
const mineFromDatabase: HttpWorkload<SeededCity> = {
  ...mine,
  serverSettings: { SERVICES_MINE_CACHE_MB: '0' },
};

/** The server's count of "my applications" answers by source, from its metrics. */
async function readMineSources(pool: Pool, admin: Session): Promise<Record<string, number>> {
  const res = await pool.request({ method: 'GET', path: '/metrics', headers: admin.headers });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`GET /metrics answered ${res.statusCode}`);
  const sources: Record<string, number> = {};
  for (const m of text.matchAll(
    /^citygov_services_mine_reads_total\{source="([a-z-]+)"\} (\d+)$/gm,
  )) {
    sources[`from ${m[1]}`] = Number(m[2]);
  }
  return sources;
}

/** "… of N reads came from memory" for a run's notes. */
function mineSourceNote(database: string, run: WorkloadRun): string {
  const memory = Number(run.facts['from memory'] ?? 0);
  const fromDatabase =
    Number(run.facts['from database'] ?? 0) + Number(run.facts['from database-uncached'] ?? 0);
  const all = memory + fromDatabase;
  const share = all ? ((memory / all) * 100).toFixed(1) : '0';
  return (
    `${database}: "my applications" answers over the whole run (set-up, warm-up, phases): ` +
    `${memory.toLocaleString('en')} from memory, ${fromDatabase.toLocaleString('en')} from the database (${share}% from memory)`
  );
}

// What citizens type: names and parts of names, keywords, pinyin initials, a basic code prefix.
const SEARCH_TERMS = [
  '身份证',
  '营业执照',
  '结婚登记',
  '社保',
  '公积金提取',
  '户口迁移',
  '出生医学证明',
  '驾驶证',
  '建筑垃圾',
  '退休',
  '医保',
  '不动产登记',
  'sfz',
  'gjj',
  'yyzz',
  'shebao',
  'xk',
  '残疾人 补贴',
];

const catalogueSearch: HttpWorkload<{ items: number }> = {
  async seed(ctx) {
    await loadDivisions(ctx.db);
    await loadDepartments(ctx.db);
    const report = await seedServiceCatalogue(ctx);
    await seedCitizens(ctx, 1);
    return { items: report.created + report.existing };
  },
  async prepare(pool, seeded, log) {
    const citizen = await logIn(pool, 'citizen1', benchPassword);
    const everything = await callJson<{ total: number }>(
      pool,
      'GET',
      '/api/services/items?pageSize=1',
      citizen,
    );
    log(`${everything.total} active items of ${seeded.items} in the catalogue`);
    const paths = SEARCH_TERMS.map((q) => `/api/services/items?q=${encodeURIComponent(q)}`);
    let matched = 0;
    for (const path of paths) {
      const page = await callJson<{ total: number }>(pool, 'GET', path, citizen);
      if (page.total > 0) matched++;
    }
    if (matched < paths.length / 2) throw new Error(`only ${matched} search terms found items`);
    let n = 0;
    return {
      operation: () => send(pool, 'GET', paths[n++ % paths.length]!, citizen),
      summarize: () => ({ items: everything.total, terms: paths.length, searches: n }),
    };
  },
};

const searchNote = (run: WorkloadRun) => {
  const p95 = run.phases.halfRate.latency.p95Ms;
  return `${run.database}: catalogue search over all ${Number(run.facts.items).toLocaleString('en')} items: p95 ${p95.toFixed(1)} ms at half the peak rate (goal < 20 ms ${p95 < 20 ? '✅' : '❌'})`;
};

function indicatorsWorkload(
  total: number,
  log: (m: string) => void,
): HttpWorkload<{ month: { from: string; to: string } }> {
  return {
    // Its own database: the generated history can be kept (BENCH_KEEP_DATABASE) and looked at.
    databaseName: 'citygov_bench_indicators',
    async seed(ctx) {
      log(`indicators: loading the departments and the demo catalogue`);
      await loadDivisions(ctx.db);
      await loadDepartments(ctx.db);
      await seedServiceCatalogue(ctx);
      await seedCitizens(ctx, 200);
      await createUser(ctx, { username: 'supervisor', roles: [{ role: 'supervisor' }] });
      const started = performance.now();
      await generateApplications(ctx.db, total, (done) => {
        if (done % 500_000 === 0)
          log(`indicators: ${done.toLocaleString('en')} applications generated`);
      });
      log(
        `indicators: ${total.toLocaleString('en')} applications in ${((performance.now() - started) / 1000).toFixed(0)} s; rolling up`,
      );
      await runIndicatorRollup(ctx.db);
      const settled = await settleSeed(ctx, [...HISTORY_TABLES, 'service_indicator_daily']);
      if (settled > 0) log(`indicators: vacuumed and checkpointed in ${settled.toFixed(0)} s`);
      // The last whole month of the generated year.
      const now = new Date();
      const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
      const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
      return {
        month: { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) },
      };
    },
    async prepare(pool, seeded) {
      const supervisor = await logIn(pool, 'supervisor', benchPassword);
      const path = `/api/services/indicators?from=${seeded.month.from}&to=${seeded.month.to}`;
      let n = 0;
      return {
        operation: async () => {
          const answer = await callJson<{
            rows: unknown[];
            total: { counts: { received: number } };
          }>(pool, 'GET', path, supervisor);
          if (answer.rows.length < 60 || answer.total.counts.received === 0)
            throw new Error('the indicators came back empty');
          n++;
        },
        summarize: () => ({ applications: total, month: seeded.month, queries: n }),
      };
    },
  };
}

const indicatorNote = (run: WorkloadRun) =>
  `${run.database}: indicators for one month, all departments, over ${Number(run.facts.applications).toLocaleString('en')} applications: p95 ${run.phases.halfRate.latency.p95Ms.toFixed(1)} ms at half the peak rate (goal < 200 ms with 10 million)`;

/** The services workloads, all by default; BENCH_SERVICES_PARTS names some (comma-separated). */
const SERVICE_PARTS = ['submissions', 'list', 'search', 'indicators'] as const;
type ServicePart = (typeof SERVICE_PARTS)[number];

export function servicePartsOf(raw: string | undefined): Set<ServicePart> {
  if (!raw?.trim()) return new Set(SERVICE_PARTS);
  const names = raw
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SERVICE_PARTS as readonly string[]).includes(n));
  if (unknown.length) {
    throw new Error(
      `BENCH_SERVICES_PARTS lists ${SERVICE_PARTS.join(', ')}; unknown: ${unknown.join(', ')}`,
    );
  }
  return new Set(names as ServicePart[]);
}

async function runServices(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const rows: MeasuredRow[] = [];
  const notes: string[] = [];
  const details: WorkloadRun[] = [];
  const total = Number(process.env.BENCH_INDICATOR_APPLICATIONS ?? 300_000);
  const parts = servicePartsOf(process.env.BENCH_SERVICES_PARTS);
  for (const database of ctx.options.targets) {
    if (parts.has('submissions')) {
      const submitted = await runHttpWorkload(ctx, database, submissions);
      rows.push(
        buildRow(
          'application submissions (form, 3 materials, workflow, audit)',
          'submissions',
          submitted,
          { minRatioToPgbench: 0.3, maxP99Ms: 50 },
        ),
      );
      notes.push(describeCpu('submissions', submitted));
      details.push(submitted);
    }
    if (parts.has('list')) {
      const listed = await runHttpWorkload(ctx, database, mine);
      rows.push(
        buildRow('"my applications" list (20 each), repeated reads', 'reads', listed, {
          minPerSecond: 5000,
        }),
      );
      notes.push(describeCpu('my applications', listed), mineSourceNote(database, listed));
      details.push(listed);
      const cold = await runHttpWorkload(ctx, database, mineFromDatabase);
      rows.push(
        buildRow('"my applications" list (20 each), every read from the database', 'reads', cold),
      );
      notes.push(
        describeCpu('my applications from the database', cold),
        mineSourceNote(database, cold),
      );
      details.push(cold);
    }
    if (parts.has('search')) {
      const searched = await runHttpWorkload(ctx, database, catalogueSearch);
      rows.push(
        buildRow(
          `catalogue search, all ${Number(searched.facts.items).toLocaleString('en')} items`,
          'searches',
          searched,
        ),
      );
      notes.push(describeCpu('catalogue search', searched), searchNote(searched));
      details.push(searched);
    }
    // Generating the history is a bulk job for PostgreSQL; PGlite would spend minutes on it.
    if (parts.has('indicators') && database === 'postgres') {
      const queried = await runHttpWorkload(ctx, database, indicatorsWorkload(total, ctx.log));
      rows.push(
        buildRow(
          `indicators, one month, all departments (${total.toLocaleString('en')} applications)`,
          'queries',
          queried,
        ),
      );
      notes.push(indicatorNote(queried));
      details.push(queried);
    }
  }
  return { name: 'services', description, rows, details, notes };
}

const description =
  '一网通办: application submissions, "my applications" reads, catalogue search, and the monthly indicators over a generated history';

export const servicesScenario: Scenario = { name: 'services', description, run: runServices };
