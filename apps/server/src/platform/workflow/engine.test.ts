import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import {
  createUser,
  databaseKinds,
  startTestApp,
  type TestApp,
} from '../../test-support/harness.ts';
import { anonymous, grantOf, type Principal } from '../auth/principal.ts';
import type { Role } from '../auth/permissions.ts';
import { AppError } from '../errors.ts';
import { systemActor } from '../audit/ledger.ts';
import { localDateOf } from '../calendar/working-calendar.ts';
import { reloadCalendar } from '../calendar/calendar-store.ts';
import { createScheduler } from '../scheduler/scheduler.ts';
import { performAction, startInstance, viewInstance, findInstance } from './index.ts';
import { sampleWorkflow } from './fixtures/sample-workflow.ts';

const at = (local: string) => new Date(`${local}+08:00`);
const REGION = '500103001'; // a street of 渝中区
const DEPT = 2; // 渝中区城市管理局

function principalOf(
  userId: number,
  name: string,
  grants: Array<[Role, string, number | null]>,
): Principal {
  return {
    ...anonymous,
    kind: 'user',
    userId,
    username: name,
    displayName: name,
    userKind: 'staff',
    regionCode: grants[0]?.[1] ?? REGION,
    grants: grants.map(([role, region, dept]) => grantOf(role, region, dept)),
  };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AppError, `expected an AppError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

for (const kind of databaseKinds()) {
  describe(`workflow engine (${kind})`, () => {
    let t: TestApp;
    let dispatcher: Principal;
    let handler: Principal;
    let otherHandler: Principal;
    let supervisor: Principal;
    let owner: Principal;
    let stranger: Principal;
    let subjectSeq = 0;

    before(async () => {
      t = await startTestApp(kind);
      await reloadCalendar(t.ctx.db);
      const make = async (username: string, role: Role, region: string, dept: number | null) => {
        const id = await createUser(t.ctx, {
          username,
          regionCode: region,
          departmentId: dept,
          roles: [{ role, regionCode: region, departmentId: dept }],
        });
        return principalOf(id, username, [[role, region, dept]]);
      };
      dispatcher = await make('wf.dispatcher', 'dispatcher', '500103', null);
      handler = await make('wf.handler', 'handler', '500103', DEPT);
      otherHandler = await make('wf.handler.jb', 'handler', '500105', 3);
      supervisor = await make('wf.supervisor', 'supervisor', '500000', null);
      await make('wf.leader', 'leader', '500000', null);
      const ownerId = await createUser(t.ctx, {
        username: 'wf.citizen',
        kind: 'citizen',
        regionCode: REGION,
      });
      owner = { ...principalOf(ownerId, 'wf.citizen', []), userKind: 'citizen' };
      stranger = { ...principalOf(ownerId + 1000, 'wf.nobody', []), userKind: 'citizen' };
    });
    after(() => t.close());

    let subjectId = '';
    beforeEach(() => {
      subjectId = `S${++subjectSeq}`;
    });

    const start = (now = at('2026-09-15T10:00:00'), data: Record<string, unknown> = {}) =>
      startInstance(t.ctx.db, {
        definition: sampleWorkflow,
        subjectType: 'sample',
        subjectId,
        regionCode: REGION,
        departmentId: DEPT,
        ownerUserId: owner.userId,
        actor: systemActor,
        data,
        now,
      });

    const act = (
      principal: Principal,
      action: string,
      now: Date,
      extra: { note?: string; data?: Record<string, unknown> } = {},
    ) =>
      performAction(t.ctx.db, {
        ref: { subjectType: 'sample', subjectId },
        action,
        principal,
        now,
        ...extra,
      });

    const timersOf = (instanceId: number) =>
      t.ctx.db
        .selectFrom('workflow_timers')
        .select(['target', 'kind', 'level', 'role', 'fire_at'])
        .where('instance_id', '=', instanceId)
        .orderBy('fire_at')
        .orderBy('kind')
        .execute();

    const countOf = async (
      table: 'audit_log' | 'outbox' | 'workflow_history' | 'workflow_timers',
    ) => {
      const row = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.ctx.db);
      return row.rows[0]!.n;
    };

    it('does start an instance with its deadlines, history, audit, outbox event and timers', async () => {
      const { instance, entry } = await start();
      assert.equal(instance.state, 'filed');
      assert.equal(instance.deadline_at!.toISOString(), '2026-10-19T15:59:59.999Z');
      assert.equal(instance.state_deadline_at!.getTime(), at('2026-09-15T12:00:00').getTime());
      assert.equal(entry.seq, 1);
      assert.equal(entry.action, 'start');
      const timers = await timersOf(instance.id);
      assert.deepEqual(
        timers.map(
          (x) => `${x.target}:${x.kind}${x.level ? x.level : ''}@${x.fire_at.toISOString()}`,
        ),
        [
          `state:remind@${at('2026-09-15T11:00:00').toISOString()}`,
          `state:escalate1@${at('2026-09-15T12:00:00').toISOString()}`,
          `state:overdue@${at('2026-09-15T12:00:00').toISOString()}`,
          `instance:remind@${at('2026-10-16T09:00:00').toISOString()}`,
          'instance:escalate1@2026-10-19T15:59:59.999Z',
          'instance:overdue@2026-10-19T15:59:59.999Z',
          'instance:escalate2@2026-10-21T15:59:59.999Z',
        ],
      );
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject_type', '=', 'sample')
        .where('subject_id', '=', subjectId)
        .execute();
      assert.deepEqual(audit, [{ action: 'sample.case.start' }]);
      const events = await t.ctx.db
        .selectFrom('outbox')
        .select(['topic', 'payload', 'region_code'])
        .where(sql<boolean>`payload->>'subjectId' = ${subjectId}`)
        .execute();
      assert.equal(events.length, 1);
      assert.equal(events[0]!.topic, 'sample.case.start');
      assert.equal(events[0]!.region_code, REGION);
    });

    it('does move through actions, writing history, audit, outbox and replacing state timers', async () => {
      const { instance } = await start();
      const dispatched = await act(dispatcher, 'dispatch', at('2026-09-15T10:30:00'), {
        note: '派往区城管局',
      });
      assert.equal(dispatched.instance.state, 'handling');
      assert.equal(dispatched.instance.state_deadline_at, null);
      assert.equal(dispatched.entry.seq, 2);
      assert.equal(dispatched.entry.from_state, 'filed');
      assert.equal(dispatched.entry.actor_name, 'wf.dispatcher');
      assert.equal(dispatched.entry.note, '派往区城管局');
      assert.equal(dispatched.entry.deadline_at!.toISOString(), '2026-10-19T15:59:59.999Z');
      const timers = await timersOf(instance.id);
      assert.deepEqual(
        timers.map((x) => x.target),
        ['instance', 'instance', 'instance', 'instance'],
      );

      const finished = await act(handler, 'finish', at('2026-09-16T10:00:00'), {
        data: { result: '已清理', photos: ['a.jpg'] },
      });
      assert.equal(finished.instance.state, 'review');
      assert.deepEqual(finished.instance.data, { result: '已清理', photos: ['a.jpg'] });
      const closed = await act(owner, 'close', at('2026-09-16T11:00:00'));
      assert.equal(closed.instance.state, 'closed');
      assert.equal(closed.instance.closed_at!.getTime(), at('2026-09-16T11:00:00').getTime());
      assert.deepEqual(await timersOf(instance.id), [], 'a closed instance has no timers');

      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'actor_name'])
        .where('subject_type', '=', 'sample')
        .where('subject_id', '=', subjectId)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => `${a.action}/${a.actor_name}`),
        [
          'sample.case.start/system',
          'sample.case.dispatch/wf.dispatcher',
          'sample.case.finish/wf.handler',
          'sample.case.close/wf.citizen',
        ],
      );
      const topics = await t.ctx.db
        .selectFrom('outbox')
        .select('topic')
        .where(sql<boolean>`payload->>'subjectId' = ${subjectId}`)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        topics.map((x) => x.topic),
        ['sample.case.start', 'sample.case.dispatch', 'sample.case.finish', 'sample.case.close'],
      );
    });

    it('does answer state_conflict naming the state for an action not allowed now', async () => {
      await start();
      const error = await rejection(
        act(handler, 'finish', at('2026-09-15T10:30:00'), { data: { result: 'x' } }),
      );
      assert.equal(error.code, 'state_conflict');
      assert.equal(error.status, 409);
      assert.match(error.message, /state "filed" \(待派遣 \/ Filed\)/);
      assert.equal(error.details?.state, 'filed');
      const unknown = await rejection(act(handler, 'teleport', at('2026-09-15T10:30:00')));
      assert.equal(unknown.code, 'not_found');
    });

    it('does refuse a wrong role, a role outside the scope, and a non-owner with forbidden', async () => {
      await start();
      for (const who of [handler, supervisor, owner]) {
        const error = await rejection(act(who, 'dispatch', at('2026-09-15T10:30:00')));
        assert.equal(error.code, 'forbidden', who.username);
      }
      await act(dispatcher, 'dispatch', at('2026-09-15T10:30:00'));
      const outside = await rejection(
        act(otherHandler, 'finish', at('2026-09-15T11:00:00'), { data: { result: 'x' } }),
      );
      assert.equal(outside.code, 'forbidden');
      await act(handler, 'finish', at('2026-09-15T11:00:00'), { data: { result: 'x' } });
      const notOwner = await rejection(act(stranger, 'reopen', at('2026-09-15T11:30:00')));
      assert.equal(notOwner.code, 'forbidden');
      const reopened = await act(owner, 'reopen', at('2026-09-15T11:30:00'));
      assert.equal(reopened.instance.state, 'handling');
    });

    it('does check required notes, input fields and guards', async () => {
      await start(at('2026-09-15T10:00:00'), { frozen: true });
      await act(dispatcher, 'dispatch', at('2026-09-15T10:30:00'));
      const noNote = await rejection(
        act(handler, 'wait', at('2026-09-15T11:00:00'), { note: '  ' }),
      );
      assert.equal(noNote.code, 'validation_failed');
      assert.equal(noNote.details?.field, 'note');
      const missing = await rejection(
        act(handler, 'finish', at('2026-09-15T11:00:00'), { data: { photos: [] } }),
      );
      assert.equal(missing.details?.field, 'data.result');
      const unknown = await rejection(
        act(handler, 'finish', at('2026-09-15T11:00:00'), { data: { result: 'x', cost: 1 } }),
      );
      assert.equal(unknown.details?.field, 'data.cost');
      const guarded = await rejection(
        act(handler, 'finish', at('2026-09-15T11:00:00'), { data: { result: 'x' } }),
      );
      assert.equal(guarded.code, 'state_conflict');
      assert.equal(guarded.message, 'The case is frozen by the supervision centre');
      const view = await viewInstance(
        t.ctx.db,
        (await findInstance(t.ctx.db, { subjectType: 'sample', subjectId }))!,
        handler,
      );
      assert.deepEqual(
        view.actions.map((a) => a.name),
        ['wait'],
        'a guarded action is not offered',
      );
    });

    it('does stop the clock while paused and move the deadline by the working days spent paused', async () => {
      const { instance } = await start();
      await act(dispatcher, 'dispatch', at('2026-09-15T11:00:00'));
      const paused = await act(handler, 'wait', at('2026-09-17T10:00:00'), {
        note: '请补充现场照片',
      });
      assert.equal(paused.instance.paused_at!.getTime(), at('2026-09-17T10:00:00').getTime());
      assert.deepEqual(await timersOf(instance.id), [], 'no timers run while paused');
      const frozen = await viewInstance(t.ctx.db, paused.instance, handler, {
        now: at('2026-09-21T10:00:00'),
      });
      assert.equal(frozen.isPaused, true);
      // Remaining time is counted from the moment the clock stopped.
      assert.equal(frozen.deadline!.remaining!.workingDays, 20 - 2);

      const resumed = await act(owner, 'resume', at('2026-09-22T10:00:00'));
      // 09-18, 09-20 (a working Sunday), 09-21, 09-22 were working days spent paused.
      assert.equal(localDateOf(resumed.instance.deadline_at!), '2026-10-23');
      assert.equal(resumed.instance.paused_at, null);
      assert.equal(Number(resumed.instance.paused_seconds), 5 * 86_400);
      assert.deepEqual(resumed.entry.data._clock, {
        deadlineShift: { amount: 4, unit: 'workdays' },
        resumed: { pausedAt: at('2026-09-17T10:00:00').toISOString(), seconds: 5 * 86_400 },
      });
      const timers = await timersOf(instance.id);
      assert.deepEqual(
        timers.map((x) => `${x.kind}${x.level || ''}@${localDateOf(x.fire_at)}`),
        ['remind@2026-10-22', 'escalate1@2026-10-23', 'overdue@2026-10-23', 'escalate2@2026-10-27'],
      );

      const view = await viewInstance(t.ctx.db, resumed.instance, handler, {
        now: at('2026-10-16T10:00:00'),
      });
      assert.deepEqual(view.deadline!.remaining, {
        workingDays: 5,
        workingHours: 41,
        calendarHours:
          Math.round(
            ((at('2026-10-24T00:00:00').getTime() - 1 - at('2026-10-16T10:00:00').getTime()) /
              3_600_000) *
              100,
          ) / 100,
      });
      assert.equal(view.isOverdue, false);
      const late = await viewInstance(t.ctx.db, resumed.instance, handler, {
        now: at('2026-10-26T10:00:00'),
      });
      assert.equal(late.deadline!.remaining!.workingDays, -1);
      assert.equal(late.deadline!.remaining!.workingHours, -1);
      assert.equal(late.isOverdue, true);
      assert.deepEqual(
        late.actions.map((a) => a.name),
        ['wait', 'finish'],
      );
      assert.deepEqual((await viewInstance(t.ctx.db, resumed.instance, owner)).actions, []);
    });

    it('does fire reminders, the overdue flag and escalations from the scheduler', async () => {
      const { instance } = await start();
      // Other tests' instances have due timers too: assertions look at this instance only.
      const tickAt = (local: string) =>
        createScheduler(t.ctx.db, { now: () => at(local), jobs: [] }).tick();
      await tickAt('2026-09-15T11:30:00');
      await tickAt('2026-09-15T12:30:00');
      const after = (await findInstance(t.ctx.db, { id: instance.id }))!;
      assert.equal(after.is_overdue, true);
      assert.equal(after.escalation_level, 1);
      const history = await t.ctx.db
        .selectFrom('workflow_history')
        .select(['action', 'actor_kind'])
        .where('instance_id', '=', instance.id)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        history.map((h) => h.action),
        ['start', 'timer.remind', 'timer.overdue', 'timer.escalate'],
      );
      const audit = await t.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('subject_type', '=', 'sample')
        .where('subject_id', '=', subjectId)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        audit.map((a) => a.action),
        ['sample.case.start', 'sample.case.overdue', 'sample.case.escalated'],
      );
      const inbox = await t.ctx.db
        .selectFrom('notifications')
        .innerJoin('users', 'users.id', 'notifications.user_id')
        .select(['users.username', 'notifications.title'])
        .where('notifications.subject_id', '=', subjectId)
        .orderBy('notifications.id')
        .execute();
      assert.deepEqual(
        inbox.map((n) => `${n.username}:${n.title.slice(0, 2)}`),
        ['wf.dispatcher:催办', 'wf.dispatcher:逾期', 'wf.dispatcher:督办'],
      );
      const remaining = await timersOf(instance.id);
      assert.equal(remaining.filter((x) => x.target === 'state').length, 0);
      // Overall deadline lapses: supervisor is escalated to; the reminder came too late to send.
      await tickAt('2026-10-20T09:00:00');
      const lapsed = await t.ctx.db
        .selectFrom('workflow_history')
        .select('action')
        .where('instance_id', '=', instance.id)
        .where('seq', '>', 4)
        .orderBy('seq')
        .execute();
      assert.deepEqual(
        lapsed.map((h) => h.action),
        ['timer.overdue', 'timer.escalate'],
      );
      assert.deepEqual(
        (await timersOf(instance.id)).map((x) => `${x.kind}${x.level}:${x.role}`),
        ['escalate2:leader'],
      );
      const toSupervisor = await t.ctx.db
        .selectFrom('notifications')
        .select('title')
        .where('user_id', '=', supervisor.userId)
        .where('subject_id', '=', subjectId)
        .execute();
      assert.equal(toSupervisor.length, 1);
      assert.match(toSupervisor[0]!.title, /^督办/);
    });

    it('does roll everything back when a late step of a transition fails', async () => {
      const { instance } = await start();
      const before = {
        audit: await countOf('audit_log'),
        outbox: await countOf('outbox'),
        history: await countOf('workflow_history'),
        timers: await countOf('workflow_timers'),
      };
      // The audit entry is written after the instance, history and outbox event.
      await sql
        .raw(
          `CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'audit is down'; END; $$;
           CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit();`,
        )
        .execute(t.ctx.db);
      try {
        await assert.rejects(
          act(dispatcher, 'dispatch', at('2026-09-15T10:30:00')),
          /audit is down/,
        );
      } finally {
        await sql
          .raw('DROP TRIGGER refuse_audit ON audit_log; DROP FUNCTION refuse_audit();')
          .execute(t.ctx.db);
      }
      // And the timer replacement, the very last step.
      await sql
        .raw(
          `CREATE FUNCTION refuse_timers() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'timers are down'; END; $$;
           CREATE TRIGGER refuse_timers BEFORE DELETE ON workflow_timers FOR EACH ROW EXECUTE FUNCTION refuse_timers();`,
        )
        .execute(t.ctx.db);
      try {
        await assert.rejects(
          act(dispatcher, 'dispatch', at('2026-09-15T10:30:00')),
          /timers are down/,
        );
      } finally {
        await sql
          .raw('DROP TRIGGER refuse_timers ON workflow_timers; DROP FUNCTION refuse_timers();')
          .execute(t.ctx.db);
      }
      const unchanged = (await findInstance(t.ctx.db, { id: instance.id }))!;
      assert.equal(unchanged.state, 'filed');
      assert.equal(unchanged.history_count, 1);
      assert.deepEqual(
        {
          audit: await countOf('audit_log'),
          outbox: await countOf('outbox'),
          history: await countOf('workflow_history'),
          timers: await countOf('workflow_timers'),
        },
        before,
      );
      // With the fault gone the same action goes through.
      const ok = await act(dispatcher, 'dispatch', at('2026-09-15T10:30:00'));
      assert.equal(ok.entry.seq, 2);
    });
  });
}
