// The kernel's headline figure: workflow transitions per second through the HTTP API, each one
// a transaction that updates the instance and writes history, the audit entry, the outbox
// event and the timers. Workload: 交办任务 (tasks) — a leader assigns tasks to the district
// bureaus, their handlers accept them, then each task cycles submit (handler) / reject (leader).
import type { Pool } from 'undici';
import { callJson, HttpStatusError, logIn, send, type Session } from '../lib/http.ts';
import {
  buildRow,
  describeCpu,
  runHttpWorkload,
  type HttpWorkload,
  type WorkloadRun,
} from '../lib/http-workload.ts';
import { RecordQueue } from '../lib/record-queue.ts';
import type { Scenario, ScenarioContext } from '../lib/scenario.ts';
import type { ScenarioOutcome } from '../lib/report.ts';
import { createUser } from '../../apps/server/src/test-support/harness.ts';
import {
  benchPassword,
  seedBenchCity,
  seedDistrictStaff,
  type SeededDistrict,
} from '../lib/seed-city.ts';

interface Seeded {
  leader: string;
  districts: Array<SeededDistrict & { handler: string }>;
}

interface TaskRef {
  /** The task's id (the workflow instance's subject id), as the routes' :id. */
  id: string;
  handler: Session;
  next: 'submit' | 'reject';
}

interface ActionAnswer {
  state: string;
  actions: Array<{ name: string }>;
}

export function buildWorkload(taskCount: number): HttpWorkload<Seeded> {
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
        const created = await callJson<{ subjectId: string }>(pool, 'POST', '/api/tasks', leader, {
          title: `基准测试任务 ${i + 1}`,
          description: 'Created by the benchmark: cycles submit / reject for ever.',
          regionCode: district.code,
          departmentId: district.departmentId,
          limitWorkdays: 5,
        });
        await callJson(pool, 'POST', `/api/tasks/${created.subjectId}/actions/accept`, handler, {
          note: '收到',
        });
        tasks.push({ id: created.subjectId, handler, next: 'submit' });
      }

      // Transitions the server confirmed, setup's accepts included: each must have its audit entry.
      let transitions = tasks.length;
      const queue = new RecordQueue(tasks);
      const act = async (task: TaskRef) => {
        const session = task.next === 'submit' ? task.handler : leader;
        const note = task.next === 'submit' ? '已办结，请审核' : '退回重办';
        await send(pool, 'POST', `/api/tasks/${task.id}/actions/${task.next}`, session, { note });
        task.next = task.next === 'submit' ? 'reject' : 'submit';
        transitions++;
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
        summarize: () => ({
          tasks: taskCount,
          districts: seeded.districts.length,
          transitions,
        }),
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

/** Whether the ledger holds at least one entry per confirmed transition, in words. */
function describeAudit(run: WorkloadRun): string {
  const transitions = Number(run.facts.transitions);
  const { audit } = run;
  if (!audit.isIntact) return `${run.database}: AUDIT LEDGER CHECK FAILED: ${audit.message}`;
  const created = Number(run.facts.tasks);
  // Every transition and every creation writes one entry (logins write theirs too).
  const isComplete = audit.entries !== null && audit.entries >= transitions + created;
  return (
    `${run.database}: after the run \`npm run audit:verify\` found the ledger intact with ` +
    `${audit.entries ?? '?'} entries for ${transitions} confirmed transitions and ${created} ` +
    `task creations${isComplete ? '' : ' — FEWER ENTRIES THAN CHANGES'}`
  );
}

async function runWorkflow(ctx: ScenarioContext): Promise<ScenarioOutcome> {
  const runs: WorkloadRun[] = [];
  for (const database of ctx.options.targets) {
    runs.push(await runHttpWorkload(ctx, database, buildWorkload(ctx.options.tasks)));
  }
  return {
    name: 'workflow',
    description,
    rows: runs.map((run) =>
      buildRow('workflow transitions (HTTP, audit, timers)', 'transitions', run, {
        minRatioToPgbench: 0.5,
        maxP99Ms: 20,
      }),
    ),
    details: runs,
    notes: [...runs.map((run) => describeCpu('workflow', run)), ...runs.map(describeAudit)],
  };
}

const description = 'workflow transitions (submit / reject of tasks) through the HTTP API';

export const workflowScenario: Scenario = {
  name: 'workflow',
  description,
  run: runWorkflow,
};
