// 一件事一次办 (bundles): several items joined into one life event, one merged form and
// material list, one submission creating the member applications and a parent to follow.
import { Type, type Static, type TSchema } from 'typebox';
import { ServiceAudience, ServiceChannel } from './services.ts';
import { LocalizedLabel } from './workflow.ts';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const fieldKey = Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,63}$' });
const sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });
const licenceNumber = Type.String({ pattern: '^[0-9A-Z-]{6,40}$' });

export const BundleFieldType = Type.Union([
  Type.Literal('text'),
  Type.Literal('textarea'),
  Type.Literal('date'),
  Type.Literal('number'),
  Type.Literal('boolean'),
  Type.Literal('select'),
  Type.Literal('phone'),
  Type.Literal('id_number'),
]);
export type BundleFieldType = Static<typeof BundleFieldType>;

/** Where a field's value goes: a member item's form field. */
export const BundleFieldTarget = Type.Object({
  itemCode: Type.String(),
  formField: Type.String(),
});
export type BundleFieldTarget = Static<typeof BundleFieldTarget>;

/** A field of the merged form; a shared one fills several members' form fields at once. */
export const BundleField = Type.Object({
  key: Type.String(),
  label: LocalizedLabel,
  type: BundleFieldType,
  isRequired: Type.Boolean(),
  /** For select fields. */
  options: Type.Array(Type.Object({ value: Type.String(), label: LocalizedLabel })),
  maxLength: nullable(Type.Integer()),
  help: nullable(LocalizedLabel),
  /** Shared when it fills more than one member. */
  isShared: Type.Boolean(),
  targets: Type.Array(BundleFieldTarget),
});
export type BundleField = Static<typeof BundleField>;

/** A use of a merged material: the member item and its material's position in the guide. */
export const BundleMaterialUse = Type.Object({
  itemCode: Type.String(),
  materialId: Type.Integer(),
});

/** A material of the merged list: one hand-in serves every member asking for it. */
export const BundleMaterial = Type.Object({
  key: Type.String(),
  name: Type.String(),
  /** required when any member requires it from the applicant. */
  requirement: Type.Union([Type.Literal('required'), Type.Literal('conditional')]),
  condition: nullable(Type.String()),
  /** A licence of this type satisfies it (免提交 when the applicant holds one). */
  licenceType: nullable(Type.String()),
  uses: Type.Array(BundleMaterialUse),
});
export type BundleMaterial = Static<typeof BundleMaterial>;

export const BundleMember = Type.Object({
  seq: Type.Integer(),
  itemCode: Type.String(),
  itemName: Type.String(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  promisedLimitDays: Type.Integer(),
  visits: Type.Integer(),
});
export type BundleMember = Static<typeof BundleMember>;

export const BundleSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  audience: ServiceAudience,
  lifeEventCode: nullable(Type.String()),
  regionCode: Type.String(),
  /** The member items in the order they are shown. */
  members: Type.Array(BundleMember),
  /** Working days the whole takes at most (the slowest member's promise). */
  promisedLimitDays: Type.Integer(),
  /** Visits before and with the bundle, summed over the members (跑动次数 saved). */
  visitsSaved: Type.Integer(),
  /** Fields and materials a citizen would fill or hand in without the bundle, and with it. */
  fieldsSeparately: Type.Integer(),
  fieldsMerged: Type.Integer(),
  materialsSeparately: Type.Integer(),
  materialsMerged: Type.Integer(),
});
export type BundleSummary = Static<typeof BundleSummary>;

export const BundleList = Type.Object({ items: Type.Array(BundleSummary) });
export type BundleList = Static<typeof BundleList>;

export const BundleDetail = Type.Object({
  ...BundleSummary.properties,
  fields: Type.Array(BundleField),
  materials: Type.Array(BundleMaterial),
  /** The channels every member offers (where the bundle may be submitted). */
  channels: Type.Array(ServiceChannel),
});
export type BundleDetail = Static<typeof BundleDetail>;

export const BundleCodeParams = Type.Object(
  { code: Type.String({ pattern: '^[a-z][a-z0-9_-]{1,63}$' }) },
  { additionalProperties: false },
);
export type BundleCodeParams = Static<typeof BundleCodeParams>;

const FormValue = Type.Union([
  Type.String({ maxLength: 2000 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
]);

/** One merged material: a file (by sha256) or a licence the applicant holds. */
export const BundleMaterialInput = Type.Union([
  Type.Object({ key: fieldKey, fileSha256: sha256 }, { additionalProperties: false }),
  Type.Object({ key: fieldKey, licenceNumber }, { additionalProperties: false }),
]);
export type BundleMaterialInput = Static<typeof BundleMaterialInput>;

export const CreateBundleApplicationBody = Type.Object(
  {
    form: Type.Record(fieldKey, FormValue, { maxProperties: 200 }),
    materials: Type.Array(BundleMaterialInput, { maxItems: 100 }),
    /** web / mobile for oneself; window for a clerk (as for single applications). */
    channel: Type.Optional(ServiceChannel),
    applicantIdNumber: Type.Optional(Type.String({ minLength: 18, maxLength: 18 })),
    applicantName: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  },
  { additionalProperties: false },
);
export type CreateBundleApplicationBody = Static<typeof CreateBundleApplicationBody>;

export const BundleApplicationMember = Type.Object({
  applicationId: Type.Integer(),
  number: Type.String(),
  itemCode: Type.String(),
  itemName: Type.String(),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  state: Type.String(),
  stateLabel: LocalizedLabel,
  isFinal: Type.Boolean(),
  /** Not accepted, denied or withdrawn. */
  isRefused: Type.Boolean(),
  /** The reason the department gave when it refused. */
  refusalReason: nullable(Type.String()),
  deadlineAt: nullable(Type.String({ format: 'date-time' })),
  isOverdue: Type.Boolean(),
  isPaused: Type.Boolean(),
  licenceNumber: nullable(Type.String()),
  closedAt: nullable(Type.String({ format: 'date-time' })),
});
export type BundleApplicationMember = Static<typeof BundleApplicationMember>;

/** in_progress until every member is finished; then done (all granted) or done_with_refusals. */
export const BundleApplicationState = Type.Union([
  Type.Literal('in_progress'),
  Type.Literal('done'),
  Type.Literal('done_with_refusals'),
]);
export type BundleApplicationState = Static<typeof BundleApplicationState>;

export const BundleApplicationView = Type.Object({
  id: Type.Integer(),
  number: Type.String(),
  bundleCode: Type.String(),
  bundleName: Type.String(),
  applicantName: Type.String(),
  channel: ServiceChannel,
  state: BundleApplicationState,
  memberCount: Type.Integer(),
  finishedMembers: Type.Integer(),
  refusedMembers: Type.Integer(),
  members: Type.Array(BundleApplicationMember),
  createdAt: Type.String({ format: 'date-time' }),
  /** When the last member finished. */
  finishedAt: nullable(Type.String({ format: 'date-time' })),
});
export type BundleApplicationView = Static<typeof BundleApplicationView>;

export const BundleApplicationList = Type.Object({
  items: Type.Array(Type.Omit(BundleApplicationView, ['members'])),
});
export type BundleApplicationList = Static<typeof BundleApplicationList>;
