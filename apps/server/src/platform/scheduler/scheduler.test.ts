import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import {
  databaseKinds,
  openTestDatabase,
  seedTestOrg,
  testConfig,
  type TestDatabase,
} from '../../test-support/harness.ts';
import { systemActor } from '../audit/ledger.ts';
import { reloadCalendar } from '../calendar/calendar-store.ts';
import { registry } from '../http/metrics.ts';
import { startInstance } from '../workflow/index.ts';
import { sampleWorkflow } from '../workflow/fixtures/sample-workflow.ts';
import { createScheduler, type PeriodicJob, type Scheduler } from './scheduler.ts';
import type { AppContext } from '../http/context.ts';
import type { Db } from '../db/database.ts';

const at = (local: string) => new Date(`${local}+08:00`);
// Started on 2026-09-15: by 2026-11-01 every timer is due. Per instance 5 fire (state overdue
// and escalation; overall overdue and two escalations) and 2 reminders are past their deadline.
const STARTED = at('2026-09-15T10:00:00');
const LATER = at('2026-11-01T10:00:00');
const FIRING_PER_INSTANCE = 5;

async function startMany(db: Db, count: number, prefix: string): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, (_, k) =>
        startInstance(db, {
          definition: sampleWorkflow,
          subjectType: 'sample',
          subjectId: `${prefix}-${i + k}`,
          regionCode: '500103',
          departmentId: 2,
          actor: systemActor,
          now: STARTED,
        }),
      ),
    );
    ids.push(...batch.map((b) => b.instance.id));
  }
  return ids;
}

/** Timer ids due to fire (not reminders, which are past their deadline by LATER). */
async function firingTimerIds(db: Db, instanceIds: number[]): Promise<number[]> {
  const rows = await db
    .selectFrom('workflow_timers')
    .select('id')
    .where('instance_id', 'in', instanceIds)
    .where('kind', '!=', 'remind')
    .execute();
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

/** How often each timer appears in history (a timer that fired writes exactly one entry). */
async function firedCounts(db: Db, instanceIds: number[]): Promise<Map<number, number>> {
  const rows = await sql<{ timer_id: string; n: number }>`
    SELECT data->'_timer'->>'id' AS timer_id, count(*)::int AS n FROM workflow_history
    WHERE action LIKE 'timer.%' AND instance_id IN (${sql.join(instanceIds)})
    GROUP BY 1`.execute(db);
  return new Map(rows.rows.map((r) => [Number(r.timer_id), Number(r.n)]));
}

async function drain(scheduler: Scheduler) {
  const total = { fired: 0, stale: 0, busy: 0, failed: 0 };
  for (;;) {
    const r = await scheduler.tick();
    total.fired += r.fired;
    total.stale += r.stale;
    total.busy += r.busy;
    total.failed += r.failed;
    if (r.fired + r.stale + r.busy + r.failed === 0) return total;
  }
}

async function firedMetric(): Promise<number> {
  const metric = await registry.getSingleMetric('citygov_scheduler_timers_fired_total')!.get();
  return metric.values.reduce((sum, v) => sum + v.value, 0);
}

function runChild(url: string) {
  const script = fileURLToPath(new URL('./fixtures/run-scheduler.ts', import.meta.url));
  const child = spawn(process.execPath, [script, url], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
  const done = new Promise<{ fired: number; stale: number; busy: number; failed: number }>(
    (resolve, reject) => {
      child.once('exit', (code) => {
        if (code !== 0) return reject(new Error(`child exited with ${code}`));
        resolve(JSON.parse(out.trim().split('\n').at(-1)!));
      });
    },
  );
  return { ready, go: () => child.stdin.end('go\n'), done };
}

for (const kind of databaseKinds()) {
  describe(`scheduler (${kind})`, () => {
    let database: TestDatabase;

    before(async () => {
      database = await openTestDatabase(kind);
      await seedTestOrg({ db: database.db, config: testConfig() } as AppContext);
      await reloadCalendar(database.db);
    });
    after(() => database.close());

    it('does fire every timer exactly once when two schedulers run at the same time', async () => {
      const instances = await startMany(database.db, kind === 'pglite' ? 40 : 100, 'twin');
      const expected = await firingTimerIds(database.db, instances);
      assert.equal(expected.length, instances.length * FIRING_PER_INSTANCE);
      const metricBefore = await firedMetric();
      const make = () =>
        createScheduler(database.db, { now: () => LATER, jobs: [], batchSize: 25 });
      const [a, b] = await Promise.all([drain(make()), drain(make())]);
      assert.equal(a.failed + b.failed, 0);
      assert.equal(a.fired + b.fired, expected.length, JSON.stringify({ a, b }));
      const counts = await firedCounts(database.db, instances);
      assert.deepEqual(
        [...counts.keys()].sort((x, y) => x - y),
        expected,
      );
      assert.ok(
        [...counts.values()].every((n) => n === 1),
        'no timer fired twice',
      );
      const left = await database.db
        .selectFrom('workflow_timers')
        .select('id')
        .where('instance_id', 'in', instances)
        .execute();
      assert.deepEqual(left, []);
      assert.equal((await firedMetric()) - metricBefore, expected.length);
    });

    it('does run a shared periodic job once per interval and a per-process job in each process', async () => {
      const runs: string[] = [];
      const shared: PeriodicJob = {
        name: 'test.shared',
        intervalSeconds: 60,
        run: async () => void runs.push('shared'),
      };
      const local: PeriodicJob = {
        name: 'test.local',
        intervalSeconds: 60,
        isPerProcess: true,
        run: async () => void runs.push('local'),
      };
      let now = at('2026-11-02T10:00:00');
      const make = () => createScheduler(database.db, { now: () => now, jobs: [shared, local] });
      const [one, two] = [make(), make()];
      await Promise.all([one.tick(), two.tick()]);
      assert.deepEqual(runs.sort(), ['local', 'local', 'shared']);
      runs.length = 0;
      now = at('2026-11-02T10:00:30');
      await Promise.all([one.tick(), two.tick()]);
      assert.deepEqual(runs, [], 'nothing is due within the interval');
      now = at('2026-11-02T10:01:00');
      await Promise.all([one.tick(), two.tick()]);
      assert.deepEqual(runs.sort(), ['local', 'local', 'shared']);
      const row = await database.db
        .selectFrom('scheduler_jobs')
        .select(['run_count', 'last_error'])
        .where('name', '=', 'test.shared')
        .executeTakeFirstOrThrow();
      assert.equal(Number(row.run_count), 2);
      assert.equal(row.last_error, null);
    });

    it('does start and stop in the background', async () => {
      const scheduler = createScheduler(database.db, { tickMs: 10, jobs: [] });
      const [instance] = await startMany(database.db, 1, 'background');
      scheduler.start();
      const deadline = Date.now() + 10_000;
      let left = 1;
      while (left > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        const rows = await database.db
          .selectFrom('workflow_timers')
          .select('id')
          .where('instance_id', '=', instance!)
          .execute();
        left = rows.length;
      }
      await scheduler.stop();
      assert.equal(left, 0, 'the background scheduler fired the due timers');
    });

    if (kind === 'postgres') {
      it('does fire every timer exactly once with two scheduler processes', async () => {
        await database.db.deleteFrom('workflow_timers').execute();
        const instances = await startMany(database.db, 150, 'proc');
        const expected = await firingTimerIds(database.db, instances);
        const children = [runChild(database.url!), runChild(database.url!)];
        await Promise.all(children.map((c) => c.ready));
        for (const c of children) c.go();
        const [a, b] = await Promise.all(children.map((c) => c.done));
        assert.equal(a!.failed + b!.failed, 0);
        assert.equal(a!.fired + b!.fired, expected.length, JSON.stringify({ a, b }));
        assert.ok(
          a!.fired > 0 && b!.fired > 0,
          `both processes took part: ${JSON.stringify({ a, b })}`,
        );
        const counts = await firedCounts(database.db, instances);
        assert.deepEqual(
          [...counts.keys()].sort((x, y) => x - y),
          expected,
        );
        assert.ok(
          [...counts.values()].every((n) => n === 1),
          'no timer fired twice',
        );
        const left = await database.db.selectFrom('workflow_timers').select('id').execute();
        assert.deepEqual(left, []);
      });

      it('does pass over a timer whose instance a transition holds, and fire it afterwards', async () => {
        const [instance] = await startMany(database.db, 1, 'held');
        const scheduler = createScheduler(database.db, { now: () => LATER, jobs: [] });
        let release!: () => void;
        const released = new Promise<void>((r) => (release = r));
        let locked!: () => void;
        const isLocked = new Promise<void>((r) => (locked = r));
        const holder = database.db.transaction().execute(async (trx) => {
          await sql`SELECT id FROM workflow_instances WHERE id = ${instance!} FOR UPDATE`.execute(
            trx,
          );
          locked();
          await released;
        });
        await isLocked;
        const first = await scheduler.tick();
        assert.equal(first.fired, 0);
        assert.ok(first.busy >= 1, JSON.stringify(first));
        release();
        await holder;
        const second = await scheduler.tick();
        assert.equal(second.fired, FIRING_PER_INSTANCE, JSON.stringify(second));
      });
    }
  });
}
