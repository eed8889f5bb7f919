// Applications (办件): submitting one, listing mine or my queue, and what a 补正 request holds.
import { Type, type Static } from 'typebox';
import { lineText } from './text.ts';
import { ServiceChannel } from './services.ts';
import { LocalizedLabel } from './workflow.ts';

const sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
/** A material of the item's guide, by its position there (1 = the first material). */
const materialId = Type.Integer({ minimum: 1, maximum: 60 });
const licenceNumber = Type.String({ pattern: '^[0-9A-Z-]{6,40}$' });

/** One material: an uploaded file (by its sha256) or an electronic licence the applicant holds. */
export const ApplicationMaterialInput = Type.Union([
  Type.Object({ materialId, fileSha256: sha256 }, { additionalProperties: false }),
  Type.Object({ materialId, licenceNumber }, { additionalProperties: false }),
]);
export type ApplicationMaterialInput = Static<typeof ApplicationMaterialInput>;

/** A form value: text, number or yes/no (the guide's form is flat). */
const FormValue = Type.Union([
  Type.String({ maxLength: 2000 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
]);

export const CreateApplicationBody = Type.Object(
  {
    /** The implementation code (or the basic code: its widest implementation). */
    itemCode: Type.String({ minLength: 10, maxLength: 80 }),
    form: Type.Record(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,63}$' }), FormValue, {
      maxProperties: 60,
    }),
    materials: Type.Array(ApplicationMaterialInput, { maxItems: 100 }),
    /** web / mobile for one's own application; window for a clerk; a partner key's own channel. */
    channel: Type.Optional(ServiceChannel),
    /** Window and partner channels: the person at the counter or terminal (real-name checked). */
    applicantIdNumber: Type.Optional(Type.String({ minLength: 18, maxLength: 18 })),
    applicantName: Type.Optional(lineText(1, 50)),
  },
  { additionalProperties: false },
);
export type CreateApplicationBody = Static<typeof CreateApplicationBody>;

export const ApplicationMaterialView = Type.Object({
  materialId: Type.Integer(),
  name: Type.String(),
  /** 0: with the application; n: the nth 补正. */
  round: Type.Integer(),
  kind: Type.Union([Type.Literal('file'), Type.Literal('licence')]),
  fileSha256: Type.Union([Type.String(), Type.Null()]),
  licenceNumber: Type.Union([Type.String(), Type.Null()]),
  /** Attached by the platform from the applicant's valid licence (免提交). */
  isReused: Type.Boolean(),
});
export type ApplicationMaterialView = Static<typeof ApplicationMaterialView>;

export const ApplicationSubject = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  itemCode: Type.String(),
  itemName: Type.String(),
  typeCode: Type.String(),
  departmentId: Type.Integer(),
  regionCode: Type.String(),
  applicantKind: Type.Union([Type.Literal('person'), Type.Literal('enterprise')]),
  applicantName: Type.String(),
  /** Masked: 5001**********123X. */
  applicantIdHint: Type.String(),
  channel: ServiceChannel,
  form: Type.Record(Type.String(), Type.Unknown()),
  materials: Type.Array(ApplicationMaterialView),
  licenceNumber: Type.Union([Type.String(), Type.Null()]),
  promisedLimitDays: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ApplicationSubject = Static<typeof ApplicationSubject>;

export const ApplicationSummary = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  itemCode: Type.String(),
  itemName: Type.String(),
  departmentId: Type.Integer(),
  regionCode: Type.String(),
  applicantName: Type.String(),
  channel: Type.String(),
  state: Type.String(),
  stateLabel: LocalizedLabel,
  isFinal: Type.Boolean(),
  deadlineAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  isOverdue: Type.Boolean(),
  isPaused: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ApplicationSummary = Static<typeof ApplicationSummary>;

export const ApplicationListQuery = Type.Object(
  {
    /** mine: my own applications; queue: those in my scope (staff); default by who asks. */
    view: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('queue')])),
    state: Type.Optional(Type.String({ pattern: '^[a-z_]{1,32}$' })),
    itemCode: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    /** The application number, or any part of it (a citizen reads out the last digits). */
    number: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z-]{4,80}$' })),
    departmentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    overdue: Type.Optional(Type.Boolean()),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  { additionalProperties: false },
);
export type ApplicationListQuery = Static<typeof ApplicationListQuery>;

export const ApplicationList = Type.Object({
  items: Type.Array(ApplicationSummary),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type ApplicationList = Static<typeof ApplicationList>;
