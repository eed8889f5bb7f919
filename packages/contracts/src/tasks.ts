import { Type, type Static } from 'typebox';
import { LocalizedLabel } from './workflow.ts';

/** 交办任务: a task assigned to a department with a limit in working days. */
export const CreateTaskBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.String({ maxLength: 5000 }),
    regionCode: Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,2}$' }),
    departmentId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    limitWorkdays: Type.Integer({ minimum: 1, maximum: 250 }),
  },
  { additionalProperties: false },
);
export type CreateTaskBody = Static<typeof CreateTaskBody>;

export const TaskSummary = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  regionCode: Type.String(),
  departmentId: Type.Integer(),
  limitWorkdays: Type.Integer(),
  createdBy: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  state: Type.String(),
  stateLabel: LocalizedLabel,
  deadlineAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  isOverdue: Type.Boolean(),
  isPaused: Type.Boolean(),
});
export type TaskSummary = Static<typeof TaskSummary>;

export const TaskListQuery = Type.Object(
  {
    /** mine: my to-do list and the tasks I assigned (default); todo; created; scope: all I may read. */
    view: Type.Optional(
      Type.Union([
        Type.Literal('mine'),
        Type.Literal('todo'),
        Type.Literal('created'),
        Type.Literal('scope'),
      ]),
    ),
    state: Type.Optional(Type.String({ pattern: '^[a-z_]{1,32}$' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type TaskListQuery = Static<typeof TaskListQuery>;

export const TaskList = Type.Object({
  items: Type.Array(TaskSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type TaskList = Static<typeof TaskList>;
