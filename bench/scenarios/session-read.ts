// Baseline: an authenticated read (GET /api/auth/me) — HTTP, session lookup, guard, JSON —
// with no workflow. The gap between this and the workflow scenario is the cost of a transition.
import type { Pool } from 'undici';
import { callJson, logIn, type Session } from '../lib/http.ts';
import { buildRow, describeCpu, runHttpWorkload, type HttpWorkload } from '../lib/http-workload.ts';
import type { Scenario, ScenarioContext } from '../lib/scenario.ts';
import type { ScenarioOutcome } from '../lib/report.ts';
import { benchPassword, seedBenchCity, seedDistrictStaff } from '../lib/seed-city.ts';

const workload: HttpWorkload<string[]> = {
  async seed(ctx) {
    const districts = await seedBenchCity(ctx);
    const users: string[] = [];
    for (const d of districts.slice(0, 4)) users.push(await seedDistrictStaff(ctx, 'clerk', d));
    return users;
  },
  async prepare(pool: Pool, users: string[]) {
    const sessions: Session[] = [];
    for (const u of users) sessions.push(await logIn(pool, u, benchPassword));
    let next = 0;
    return {
      operation: async () => {
        const session = sessions[next++ % sessions.length]!;
        await callJson(pool, 'GET', '/api/auth/me', session);
      },
      summarize: () => ({ sessions: sessions.length }),
    };
  },
};

async function runSessionRead(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const runs = [];
  for (const database of ctx.options.targets) {
    runs.push(await runHttpWorkload(ctx, database, workload));
  }
  return {
    name: 'session-read',
    description: 'GET /api/auth/me with a session cookie (baseline, no writes)',
    rows: runs.map((run) => buildRow('authenticated read (baseline)', 'reads', run)),
    details: runs,
    notes: runs.map((run) => describeCpu('session-read', run)),
  };
}

export const sessionReadScenario: Scenario = {
  name: 'session-read',
  description: 'GET /api/auth/me with a session cookie (baseline, no writes)',
  run: runSessionRead,
};
