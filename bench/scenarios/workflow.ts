// The kernel's headline figure: workflow transitions per second through the HTTP API, each one
// a transaction that updates the instance and writes history, the audit entry, the outbox
// event and the timers. Workload: 交办任务 (tasks) — a leader assigns tasks to the district
// bureaus, their handlers accept them, then each task cycles submit (handler) / reject (leader).
import type { Pool } from 'undici';
import { callJson, HttpStatusError, logIn, type Session } from '../lib/http.ts';
import { buildRow, describeCpu, runHttpWorkload, type HttpWorkload } from '../lib/http-workload.ts';
import { RecordQueue } from '../lib/record-queue.ts';
import type { Scenario, ScenarioContext } from '../lib/scenario.ts';
import type { Goal, ScenarioReport, ScenarioRow } from '../lib/report.ts';
import { createUser } from '../../apps/server/src/test-support/harness.ts';
import {
  benchPassword,
  seedBenchCity,
  seedDistrictStaff,
  type SeededDistrict,
} from '../lib/seed-city.ts';

const goalRatio = 0.5;
const goalP99Ms = 20;

interface Seeded {
  leader: string;
  districts: Array<SeededDistrict & { handler: string }>;
}

interface TaskRef {
  id: number;
  handler: Session;
  next: 'submit' | 'reject';
}

interface ActionAnswer {
  state: string;
  actions: Array<{ name: string }>;
}

function buildWorkload(taskCount: number): HttpWorkload<Seeded> {
  return {
    async seed(ctx) {
      const districts = await seedBenchCity(ctx);
      // The leader works at city level, so one session assigns and reviews in every district.
      await createUser(ctx, {
        username: 'leader',
        regionCode: '500000',
        roles: [{ role: 'leader' }],
      });
      const withHandlers = [];
      for (const d of districts) {
        withHandlers.push({ ...d, handler: await seedDistrictStaff(ctx, 'handler', d) });
      }
      return { leader: 'leader', districts: withHandlers };
    },

    async prepare(pool: Pool, seeded: Seeded, log) {
      const leader = await logIn(pool, seeded.leader, benchPassword);
      const handlers = new Map<string, Session>();
      for (const d of seeded.districts)
        handlers.set(d.code, await logIn(pool, d.handler, benchPassword));

      log(`creating and accepting ${taskCount} tasks over ${seeded.districts.length} districts`);
      await assertTasksRoute(pool, leader);
      const tasks: TaskRef[] = [];
      for (let i = 0; i < taskCount; i++) {
        const district = seeded.districts[i % seeded.districts.length]!;
        const handler = handlers.get(district.code)!;
        const created = await callJson<{ id: number }>(pool, 'POST', '/api/tasks', leader, {
          title: `基准测试任务 ${i + 1}`,
          description: 'Created by the benchmark: cycles submit / reject for ever.',
          regionCode: district.code,
          departmentId: district.departmentId,
          limitWorkdays: 5,
        });
        await callJson(pool, 'POST', `/api/tasks/${created.id}/actions/accept`, handler, {
          note: '收到',
        });
        tasks.push({ id: created.id, handler, next: 'submit' });
      }

      const queue = new RecordQueue(tasks);
      const act = async (task: TaskRef) => {
        const session = task.next === 'submit' ? task.handler : leader;
        const note = task.next === 'submit' ? '已办结，请审核' : '退回重办';
        await callJson<ActionAnswer>(
          pool,
          'POST',
          `/api/tasks/${task.id}/actions/${task.next}`,
          session,
          { note },
        );
        task.next = task.next === 'submit' ? 'reject' : 'submit';
      };
      // After a failed action the task's state is unknown: ask the server what the handler may do.
      const resync = async (task: TaskRef) => {
        const view = await callJson<ActionAnswer>(
          pool,
          'GET',
          `/api/tasks/${task.id}`,
          task.handler,
        );
        task.next = view.actions.some((a) => a.name === 'submit') ? 'submit' : 'reject';
      };
      return {
        operation: async () => {
          const task = await queue.take();
          try {
            await act(task);
          } catch (error) {
            await resync(task).catch(() => {});
            throw error;
          } finally {
            queue.give(task);
          }
        },
        facts: { tasks: taskCount, districts: seeded.districts.length },
      };
    },
  };
}

async function assertTasksRoute(pool: Pool, leader: Session) {
  try {
    await callJson(pool, 'GET', '/api/tasks', leader);
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 404) {
      throw new Error('the server has no /api/tasks: the tasks module is not registered', {
        cause: error,
      });
    }
    throw error;
  }
}

function judge(row: Omit<ScenarioRow, 'goals'>): Goal[] {
  return [
    { name: `ratio ≥ ${goalRatio}`, isMet: row.ratioToPgbench >= goalRatio },
    {
      name: `p99 < ${goalP99Ms} ms`,
      isMet: row.latencyAtRate !== null && row.latencyAtRate.p99Ms < goalP99Ms,
    },
  ];
}

async function runWorkflow(ctx: ScenarioContext): Promise<ScenarioReport> {
  const runs = [];
  for (const database of ctx.options.targets) {
    runs.push(await runHttpWorkload(ctx, database, buildWorkload(ctx.options.tasks)));
  }
  const notes = runs.map(describeCpu);
  for (const run of runs) {
    if (!run.audit.isIntact)
      notes.push(`${run.database}: AUDIT LEDGER CHECK FAILED: ${run.audit.message}`);
  }
  return {
    name: 'workflow',
    description: 'workflow transitions (submit / reject of tasks) through the HTTP API',
    rows: runs.map((run) =>
      buildRow(
        'workflow transitions (HTTP, audit, timers)',
        'transitions',
        run,
        ctx.reference.tps,
        judge,
      ),
    ),
    details: runs,
    notes,
  };
}

export const workflowScenario: Scenario = {
  name: 'workflow',
  description: 'workflow transitions (submit / reject of tasks) through the HTTP API',
  run: runWorkflow,
};
