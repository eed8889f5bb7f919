import { Type, type Static } from 'typebox';

// ---- Workflow definitions (data: plain objects, loadable from JSON) ----

export const LocalizedLabel = Type.Object(
  { zh: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);
export type LocalizedLabel = Static<typeof LocalizedLabel>;

/** workdays: ends at the end of the nth working day; workhours: within office hours; hours: wall clock. */
export const DurationUnit = Type.Union([
  Type.Literal('workdays'),
  Type.Literal('workhours'),
  Type.Literal('hours'),
]);
export type DurationUnit = Static<typeof DurationUnit>;

export const Duration = Type.Object(
  { amount: Type.Number({ exclusiveMinimum: 0, maximum: 100_000 }), unit: DurationUnit },
  { additionalProperties: false },
);
export type Duration = Static<typeof Duration>;

/** A time limit and what happens before (remind, 催办) and at or after it (overdue flag, 督办). */
export const TimeLimitPolicy = Type.Object(
  {
    limit: Duration,
    remindBefore: Type.Optional(Type.Array(Duration)),
    flagOverdue: Type.Optional(Type.Boolean()),
    escalate: Type.Optional(
      Type.Array(
        Type.Object(
          { role: Type.String({ minLength: 1 }), after: Type.Optional(Duration) },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);
export type TimeLimitPolicy = Static<typeof TimeLimitPolicy>;

export const StateDefinition = Type.Object(
  {
    label: LocalizedLabel,
    isFinal: Type.Optional(Type.Boolean()),
    timeLimit: Type.Optional(TimeLimitPolicy),
  },
  { additionalProperties: false },
);
export type StateDefinition = Static<typeof StateDefinition>;

export const ActionDefinition = Type.Object(
  {
    label: LocalizedLabel,
    from: Type.Array(Type.String({ minLength: 1 })),
    to: Type.String({ minLength: 1 }),
    /** Staff roles allowed in the instance's scope, or 'owner' (the record's applicant/creator). */
    roles: Type.Array(Type.String({ minLength: 1 })),
    guards: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    input: Type.Optional(
      Type.Object(
        {
          required: Type.Optional(Type.Array(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]*$' }))),
          optional: Type.Optional(Type.Array(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]*$' }))),
        },
        { additionalProperties: false },
      ),
    ),
    isNoteRequired: Type.Optional(Type.Boolean()),
    clock: Type.Optional(Type.Union([Type.Literal('pause'), Type.Literal('resume')])),
  },
  { additionalProperties: false },
);
export type ActionDefinition = Static<typeof ActionDefinition>;

export const WorkflowDefinition = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_.-]*$' }),
    version: Type.Integer({ minimum: 1 }),
    label: LocalizedLabel,
    initialState: Type.String({ minLength: 1 }),
    states: Type.Record(Type.String(), StateDefinition),
    actions: Type.Record(Type.String(), ActionDefinition),
    /** The overall limit across states (e.g. an application's promised working days). */
    timeLimit: Type.Optional(TimeLimitPolicy),
  },
  { additionalProperties: false },
);
export type WorkflowDefinition = Static<typeof WorkflowDefinition>;

// ---- What a workflow resource answers ----

export const RemainingTime = Type.Object({
  /** Working days left after today (0 = due today); negative when overdue. */
  workingDays: Type.Integer(),
  /** Working hours left (office hours only); negative when overdue. */
  workingHours: Type.Number(),
  calendarHours: Type.Number(),
});
export type RemainingTime = Static<typeof RemainingTime>;

export const DeadlineView = Type.Object({
  at: Type.String({ format: 'date-time' }),
  unit: DurationUnit,
  /** Null once the record is closed; frozen while the clock is paused. */
  remaining: Type.Union([RemainingTime, Type.Null()]),
  isLapsed: Type.Boolean(),
});
export type DeadlineView = Static<typeof DeadlineView>;

export const WorkflowActor = Type.Object({
  id: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.String(),
  name: Type.String(),
});

export const WorkflowHistoryEntry = Type.Object({
  seq: Type.Integer(),
  action: Type.String(),
  fromState: Type.Union([Type.String(), Type.Null()]),
  toState: Type.String(),
  actor: WorkflowActor,
  note: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
  at: Type.String({ format: 'date-time' }),
  deadlineAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  stateDeadlineAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type WorkflowHistoryEntry = Static<typeof WorkflowHistoryEntry>;

export const WorkflowAvailableAction = Type.Object({
  name: Type.String(),
  label: LocalizedLabel,
  toState: Type.String(),
  isNoteRequired: Type.Boolean(),
  requiredFields: Type.Array(Type.String()),
  optionalFields: Type.Array(Type.String()),
  clock: Type.Union([Type.Literal('pause'), Type.Literal('resume'), Type.Null()]),
});
export type WorkflowAvailableAction = Static<typeof WorkflowAvailableAction>;

export const WorkflowView = Type.Object({
  /** The resource's id as in its URL (the subject id; a number when it is numeric). */
  id: Type.Union([Type.Integer(), Type.String()]),
  /** The workflow instance's own id. */
  instanceId: Type.Integer(),
  definitionKey: Type.String(),
  definitionVersion: Type.Integer(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  regionCode: Type.String(),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  ownerUserId: Type.Union([Type.Integer(), Type.Null()]),
  state: Type.String(),
  stateLabel: LocalizedLabel,
  isFinal: Type.Boolean(),
  /** The overall deadline across states, when the workflow has one. */
  deadline: Type.Union([DeadlineView, Type.Null()]),
  /** The current state's own deadline, when the state has a limit. */
  stateDeadline: Type.Union([DeadlineView, Type.Null()]),
  isOverdue: Type.Boolean(),
  isPaused: Type.Boolean(),
  pausedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  pausedSeconds: Type.Integer(),
  escalationLevel: Type.Integer(),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** The actions the caller may take now. */
  actions: Type.Array(WorkflowAvailableAction),
  /** The latest entries, oldest first (up to 100 on GET; the new entry after an action). */
  history: Type.Array(WorkflowHistoryEntry),
  historyTotal: Type.Integer(),
  /** The domain record this workflow runs for, as the domain shapes it. */
  subject: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export type WorkflowView = Static<typeof WorkflowView>;

export const WorkflowActionBody = Type.Object(
  {
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);
export type WorkflowActionBody = Static<typeof WorkflowActionBody>;

// ---- Working-day calendar ----

export const IsoDate = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const CalendarQuery = Type.Object(
  { from: IsoDate, to: IsoDate },
  { additionalProperties: false },
);
export type CalendarQuery = Static<typeof CalendarQuery>;

export const CalendarDay = Type.Object({
  date: Type.String(),
  isWorkday: Type.Boolean(),
  /** package: the published schedule (chinese-days); override: set by an administrator; weekday: Mon–Fri / Sat–Sun rule. */
  source: Type.Union([Type.Literal('package'), Type.Literal('override'), Type.Literal('weekday')]),
  name: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
});
export type CalendarDay = Static<typeof CalendarDay>;

export const CalendarAnswer = Type.Object({
  from: Type.String(),
  to: Type.String(),
  workingDays: Type.Integer(),
  days: Type.Array(CalendarDay),
});
export type CalendarAnswer = Static<typeof CalendarAnswer>;

export const CalendarDateParams = Type.Object({ date: IsoDate }, { additionalProperties: false });

export const CalendarOverrideBody = Type.Object(
  { isWorkday: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
export type CalendarOverrideBody = Static<typeof CalendarOverrideBody>;
