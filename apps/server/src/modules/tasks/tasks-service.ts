// Tasks (交办任务): create one (with its workflow instance, in one transaction) and list them.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { CreateTaskBody, TaskList, TaskListQuery, WorkflowView } from '@citygov/contracts';
import { AppError, invalid } from '../../platform/errors.ts';
import { inTransaction, type Db } from '../../platform/db/database.ts';
import { actorOf, can, scopesFor, type Principal } from '../../platform/auth/principal.ts';
import { isWithinRegion, regionPrefix } from '../../platform/auth/region.ts';
import {
  OWNER,
  startInstance,
  statesWhereRoleActs,
  viewInstance,
  type WorkflowInstance,
} from '../../platform/workflow/index.ts';
import type { TasksTables } from './tasks-tables.ts';
import { tasksWorkflow } from './tasks-workflow.ts';

export const TASK_SUBJECT = 'task';

const tasksDb = (db: Db) => db.withTables<TasksTables>();

/** The task record as shown in its workflow view. */
export async function loadTaskSubject(
  db: Db,
  instance: WorkflowInstance,
): Promise<Record<string, unknown> | undefined> {
  const task = await tasksDb(db)
    .selectFrom('tasks')
    .selectAll()
    .where('id', '=', Number(instance.subject_id))
    .executeTakeFirst();
  if (!task) return undefined;
  return {
    id: task.id,
    title: task.title,
    description: task.description,
    regionCode: task.region_code,
    departmentId: task.department_id,
    limitWorkdays: task.limit_workdays,
    createdBy: task.created_by,
    createdAt: task.created_at.toISOString(),
  };
}

/** Assigns a task to a department; the caller must hold 'tasks:create' over that scope. */
export async function createTask(
  db: Db,
  principal: Principal,
  body: CreateTaskBody,
): Promise<WorkflowView> {
  const department = await db
    .selectFrom('departments')
    .select(['id', 'region_code'])
    .where('id', '=', body.departmentId)
    .executeTakeFirst();
  if (!department) throw invalid('departmentId', `departmentId ${body.departmentId} is unknown`);
  if (!isWithinRegion(body.regionCode, department.region_code)) {
    throw invalid('regionCode', `regionCode ${body.regionCode} is outside the department's area`);
  }
  const division = await db
    .selectFrom('divisions')
    .select('code')
    .where('code', '=', body.regionCode)
    .executeTakeFirst();
  if (!division) throw invalid('regionCode', `regionCode ${body.regionCode} is unknown`);
  const scope = { regionCode: body.regionCode, departmentId: body.departmentId };
  if (!can(principal, 'tasks:create', scope)) {
    throw new AppError('forbidden', 'You may not assign tasks in this region or department');
  }
  const title = body.title.trim();
  if (!title) throw invalid('title', 'title must not be blank');
  const actor = actorOf(principal);
  const { instance, entry } = await inTransaction(db, async (trx) => {
    const task = await tasksDb(trx)
      .insertInto('tasks')
      .values({
        region_code: body.regionCode,
        department_id: body.departmentId,
        title,
        description: body.description,
        limit_workdays: body.limitWorkdays,
        created_by: principal.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return startInstance(trx, {
      definition: tasksWorkflow,
      subjectType: TASK_SUBJECT,
      subjectId: task.id,
      regionCode: body.regionCode,
      departmentId: body.departmentId,
      ownerUserId: principal.userId,
      actor,
      data: { title },
      limit: { amount: body.limitWorkdays, unit: 'workdays' },
    });
  });
  const subject = await loadTaskSubject(db, instance);
  return viewInstance(db, instance, principal, { history: [entry], ...(subject && { subject }) });
}

/** The caller's tasks: to-do and/or assigned by them, always within what they may read. */
export async function listTasks(
  db: Db,
  principal: Principal,
  query: TaskListQuery,
  now = new Date(),
): Promise<TaskList> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const view = query.view ?? 'mine';
  const me = principal.userId ?? -1;

  const base = tasksDb(db)
    .selectFrom('tasks as t')
    .innerJoin('workflow_instances as i', (join) =>
      join.on('i.subject_type', '=', TASK_SUBJECT).on(sql<SqlBool>`i.subject_id = t.id::text`),
    )
    .where((eb) => {
      const inScope = (prefix: string, departmentId: number | null): Expression<SqlBool> =>
        departmentId === null
          ? eb('t.region_code', 'like', `${prefix}%`)
          : eb.and([
              eb('t.region_code', 'like', `${prefix}%`),
              eb('t.department_id', '=', departmentId),
            ]);
      const readable = eb.or([
        eb('i.owner_user_id', '=', me),
        ...scopesFor(principal, 'tasks:read').map((s) => inScope(s.prefix, s.departmentId)),
      ]);
      const ownerStates = statesWhereRoleActs(tasksWorkflow, OWNER);
      const todo = eb.or([
        eb.and([eb('i.owner_user_id', '=', me), eb('i.state', 'in', ownerStates)]),
        ...principal.grants.flatMap((g) => {
          const states = statesWhereRoleActs(tasksWorkflow, g.role);
          return states.length
            ? [
                eb.and([
                  eb('i.state', 'in', states),
                  inScope(regionPrefix(g.regionCode), g.departmentId),
                ]),
              ]
            : [];
        }),
      ]);
      const created = eb('t.created_by', '=', me);
      const wanted =
        view === 'todo'
          ? todo
          : view === 'created'
            ? created
            : view === 'scope'
              ? readable
              : eb.or([todo, created]);
      const conditions = [readable, wanted];
      if (query.state) conditions.push(eb('i.state', '=', query.state));
      return eb.and(conditions);
    });

  const [rows, count] = await Promise.all([
    base
      .select([
        't.id',
        't.title',
        't.region_code',
        't.department_id',
        't.limit_workdays',
        't.created_by',
        't.created_at',
        'i.state',
        'i.deadline_at',
        'i.is_overdue',
        'i.paused_at',
        'i.closed_at',
      ])
      .orderBy(sql`i.deadline_at ASC NULLS LAST`)
      .orderBy('t.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      regionCode: r.region_code,
      departmentId: r.department_id,
      limitWorkdays: r.limit_workdays,
      createdBy: r.created_by,
      createdAt: r.created_at.toISOString(),
      state: r.state,
      stateLabel: tasksWorkflow.states[r.state]?.label ?? { zh: r.state, en: r.state },
      deadlineAt: r.deadline_at?.toISOString() ?? null,
      isOverdue:
        r.is_overdue ||
        (r.deadline_at !== null &&
          r.closed_at === null &&
          r.paused_at === null &&
          r.deadline_at < now),
      isPaused: r.paused_at !== null,
    })),
    total: Number(count.n),
    page,
    pageSize,
  };
}
