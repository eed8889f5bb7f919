import { Type, type Static } from 'typebox';
import { CaseChannel, CaseSummary } from './case-loop.ts';

// ---- What GET /api/cases/:id carries as its workflow view's `subject` ----

/** 回访 results: 满意, 基本满意, 不满意. */
export const CaseSatisfaction = Type.Union([
  Type.Literal('satisfied'),
  Type.Literal('basically_satisfied'),
  Type.Literal('dissatisfied'),
]);
export type CaseSatisfaction = Static<typeof CaseSatisfaction>;

/** A reporter as the caller sees them: an anonymous one shows only the channel and time. */
export const CaseReporterView = Type.Object({
  isAnonymous: Type.Boolean(),
  /** The caller is this reporter. */
  isYou: Type.Optional(Type.Boolean()),
  name: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** Masked (138****5678). */
  phone: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  channel: CaseChannel,
  wantsCallback: Type.Optional(Type.Boolean()),
  joinedAt: Type.String({ format: 'date-time' }),
});
export type CaseReporterView = Static<typeof CaseReporterView>;

/** report (with the report), before / after (handling), verification (on-site check). */
export const CasePhotoView = Type.Object({
  sha256: Type.String(),
  stage: Type.Union([Type.String(), Type.Null()]),
  mediaType: Type.String(),
  at: Type.String({ format: 'date-time' }),
});
export type CasePhotoView = Static<typeof CasePhotoView>;

export const CaseDepartmentView = Type.Object({
  departmentId: Type.Integer(),
  name: Type.String(),
  /** The lead department (主办); the others assist (协办, 一键联动). */
  isLead: Type.Boolean(),
});
export type CaseDepartmentView = Static<typeof CaseDepartmentView>;

export const CaseSubject = Type.Object({
  ...CaseSummary.properties,
  satisfaction: Type.Union([CaseSatisfaction, Type.Null()]),
  reporters: Type.Array(CaseReporterView),
  departments: Type.Array(CaseDepartmentView),
  photos: Type.Array(CasePhotoView),
  reworkCount: Type.Integer(),
  extensionCount: Type.Integer(),
  returnCount: Type.Integer(),
  reopenCount: Type.Integer(),
});
export type CaseSubject = Static<typeof CaseSubject>;
