// What a due timer does: remind the assignees (催办), flag the record overdue, escalate to a
// role (督办). Runs inside the scheduler's transaction that claimed the timer, so the effects
// and the timer's deletion commit together or not at all.
import type { Db } from '../db/database.ts';
import { appendAudit, systemActor } from '../audit/ledger.ts';
import { notify, usersWithRole } from '../notify/notifier.ts';
import { formatLocalDateTime } from '../calendar/working-calendar.ts';
import { definitionOf, OWNER } from './definition.ts';
import {
  deleteTimer,
  insertHistory,
  insertOutboxEvent,
  lockInstance,
  updateInstance,
  type WorkflowInstance,
  type WorkflowTimer,
} from './instance-repository.ts';

export type TimerOutcome = 'fired' | 'stale' | 'busy';

/** Users who can act on the instance in its current state: holders of the roles, and the owner. */
async function assigneesOf(trx: Db, instance: WorkflowInstance): Promise<number[]> {
  const def = definitionOf(instance.definition_key, instance.definition_version);
  const roles = new Set<string>();
  for (const action of Object.values(def.actions)) {
    if (action.from.includes(instance.state)) for (const r of action.roles) roles.add(r);
  }
  const ids = new Set<number>();
  if (roles.has(OWNER) && instance.owner_user_id !== null) ids.add(instance.owner_user_id);
  roles.delete(OWNER);
  for (const role of roles) {
    for (const id of await usersWithRole(trx, role, instance.region_code, instance.department_id)) {
      ids.add(id);
    }
  }
  return [...ids];
}

/**
 * Fires one claimed timer. 'busy' leaves it for a later tick (a transition holds the instance and
 * will replace its timers); 'stale' drops a timer that no longer applies.
 */
export async function fireTimer(trx: Db, timer: WorkflowTimer, now: Date): Promise<TimerOutcome> {
  // SKIP LOCKED: waiting here while holding the timer row could deadlock with a transition.
  const instance = await lockInstance(trx, { id: timer.instance_id }, { skipLocked: true });
  if (!instance) {
    const exists = await trx
      .selectFrom('workflow_instances')
      .select('id')
      .where('id', '=', timer.instance_id)
      .executeTakeFirst();
    if (exists) return 'busy';
    await deleteTimer(trx, timer.id);
    return 'stale';
  }
  const deadline = timer.target === 'state' ? instance.state_deadline_at : instance.deadline_at;
  const isStale =
    instance.closed_at !== null ||
    instance.paused_at !== null ||
    (timer.target === 'state' && instance.state !== timer.state) ||
    // A reminder the scheduler reaches only after the deadline has nothing left to remind of.
    (timer.kind === 'remind' && (!deadline || deadline <= now));
  if (isStale) {
    await deleteTimer(trx, timer.id);
    return 'stale';
  }
  const def = definitionOf(instance.definition_key, instance.definition_version);
  const stateLabel = def.states[instance.state]!.label.zh;
  const what = `${def.label.zh}（${instance.subject_id}，${stateLabel}）`;
  const link = `/${instance.subject_type}/${instance.subject_id}`;
  const seq = instance.history_count + 1;
  const patch: Parameters<typeof updateInstance>[2] = { history_count: seq, updated_at: now };
  let title: string;
  let userIds: number[] = [];
  switch (timer.kind) {
    case 'remind':
      title = `催办：${what} 即将到期`;
      userIds = await assigneesOf(trx, instance);
      break;
    case 'overdue':
      title = `逾期：${what} 已超过办理时限`;
      patch.is_overdue = true;
      userIds = await assigneesOf(trx, instance);
      break;
    case 'escalate':
      title = `督办：${what} 已超过办理时限`;
      patch.escalation_level = Math.max(instance.escalation_level, timer.level);
      userIds = timer.role
        ? await usersWithRole(trx, timer.role, instance.region_code, instance.department_id)
        : [];
      break;
  }
  const updated = await updateInstance(trx, instance.id, patch);
  const entry = await insertHistory(trx, {
    instance_id: instance.id,
    region_code: instance.region_code,
    seq,
    action: `timer.${timer.kind}`,
    from_state: instance.state,
    to_state: instance.state,
    actor_id: null,
    actor_kind: systemActor.kind,
    actor_name: systemActor.name,
    note: null,
    data: {
      _timer: {
        id: timer.id,
        target: timer.target,
        level: timer.level,
        role: timer.role,
        dueAt: timer.fire_at,
        deadlineAt: deadline,
        notified: userIds.length,
      },
    },
    deadline_at: updated.deadline_at,
    state_deadline_at: updated.state_deadline_at,
    at: now,
  });
  if (timer.kind !== 'remind') {
    await appendAudit(trx, {
      actor: systemActor,
      action: `${def.key}.${timer.kind === 'overdue' ? 'overdue' : 'escalated'}`,
      subjectType: instance.subject_type,
      subjectId: instance.subject_id,
      regionCode: instance.region_code,
      departmentId: instance.department_id,
      data: { instanceId: instance.id, timerId: timer.id, level: timer.level, role: timer.role },
    });
  }
  await insertOutboxEvent(trx, {
    topic: `${def.key}.timer.${timer.kind}`,
    regionCode: instance.region_code,
    payload: {
      instanceId: instance.id,
      subjectType: instance.subject_type,
      subjectId: instance.subject_id,
      state: instance.state,
      kind: timer.kind,
      target: timer.target,
      level: timer.level,
      role: timer.role,
      at: entry.at,
      deadlineAt: deadline,
    },
  });
  if (userIds.length) {
    await notify(trx, {
      userIds,
      title,
      body: deadline ? `办理时限：${formatLocalDateTime(deadline)}` : title,
      link,
      subjectType: instance.subject_type,
      subjectId: instance.subject_id,
      regionCode: instance.region_code,
    });
  }
  await deleteTimer(trx, timer.id);
  return 'fired';
}
