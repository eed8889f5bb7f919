import { Type, type Static, type TSchema } from 'typebox';
import { DivisionCode } from './org.ts';
import { lineText } from './text.ts';

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** A real name: Chinese characters (with the middle dot of minority names) or Latin letters. */
export const PersonName = lineText(2, 40);
/** 18 characters; the check character is verified by the server (GB 11643). */
export const ResidentIdNumber = Type.String({ minLength: 18, maxLength: 18 });
/** A mainland mobile number, 11 digits. */
export const MobilePhone = Type.String({ minLength: 11, maxLength: 11 });
/** 18 characters; the check character is verified by the server (GB 32100). */
export const SocialCreditCode = Type.String({ minLength: 18, maxLength: 18 });

export const RegisterPersonBody = Type.Object(
  {
    name: PersonName,
    idNumber: ResidentIdNumber,
    phone: Type.Optional(MobilePhone),
    /** Where the person lives: a district, street or community code. */
    regionCode: DivisionCode,
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type RegisterPersonBody = Static<typeof RegisterPersonBody>;

/** A person as staff see them: identifiers masked. */
export const PersonView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  regionCode: Type.String(),
  regionName: Nullable(Type.String()),
  idNumberMasked: Type.String(),
  phoneMasked: Nullable(Type.String()),
  gender: Nullable(Type.Union([Type.Literal('M'), Type.Literal('F')])),
  birthDate: Nullable(Type.String()),
  address: Nullable(Type.String()),
  createdAt: DateTime,
});
export type PersonView = Static<typeof PersonView>;

export const PersonSearchQuery = Type.Object(
  {
    idNumber: Type.Optional(ResidentIdNumber),
    phone: Type.Optional(MobilePhone),
    /** Limit to a region within the caller's scope. */
    region: Type.Optional(DivisionCode),
    /** The start of the name: a surname or the whole name. */
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type PersonSearchQuery = Static<typeof PersonSearchQuery>;

export const PersonList = Type.Object({ items: Type.Array(PersonView) });
export type PersonList = Static<typeof PersonList>;

export const PersonParams = Type.Object({ id: Id });

export const RevealBody = Type.Object(
  {
    /** Why the clear values are needed; shown to the person in their data-use log. */
    purpose: Type.String({ minLength: 4, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type RevealBody = Static<typeof RevealBody>;

export const RevealedPersonalData = Type.Object({
  personId: Type.Integer(),
  name: Type.String(),
  idNumber: Type.String(),
  phone: Nullable(Type.String()),
  purpose: Type.String(),
});
export type RevealedPersonalData = Static<typeof RevealedPersonalData>;

/** One audited use of a citizen's personal data ("who used my data"). */
export const DataUse = Type.Object({
  at: DateTime,
  action: Type.String(),
  purpose: Nullable(Type.String()),
  /** The department that read the data; staff names are not shown. */
  department: Nullable(Type.String()),
  role: Nullable(Type.String()),
  actorKind: Type.String(),
  regionCode: Type.String(),
});
export type DataUse = Static<typeof DataUse>;

export const DataUseQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    before: Type.Optional(DateTime),
  },
  { additionalProperties: false },
);
export type DataUseQuery = Static<typeof DataUseQuery>;

export const DataUseList = Type.Object({ items: Type.Array(DataUse) });
export type DataUseList = Static<typeof DataUseList>;

export const RegisterEnterpriseBody = Type.Object(
  {
    name: lineText(2, 100),
    uscc: SocialCreditCode,
    legalRepresentative: PersonName,
    regionCode: DivisionCode,
  },
  { additionalProperties: false },
);
export type RegisterEnterpriseBody = Static<typeof RegisterEnterpriseBody>;

export const EnterpriseView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  uscc: Type.String(),
  legalRepresentative: Type.String(),
  regionCode: Type.String(),
  createdAt: DateTime,
});
export type EnterpriseView = Static<typeof EnterpriseView>;

export const EnterpriseSearchQuery = Type.Object(
  {
    uscc: Type.Optional(SocialCreditCode),
    region: Type.Optional(DivisionCode),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type EnterpriseSearchQuery = Static<typeof EnterpriseSearchQuery>;

export const EnterpriseList = Type.Object({ items: Type.Array(EnterpriseView) });
export type EnterpriseList = Static<typeof EnterpriseList>;

export const EnterpriseParams = Type.Object({ id: Id });

// Accounts (administration and self-registration)

export const Username = Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{2,63}$' });
export const NewPassword = Type.String({ minLength: 8, maxLength: 256 });
export const RoleName = Type.String({ pattern: '^[a-z_]{2,32}$' });

export const RoleGrantBody = Type.Object(
  {
    role: RoleName,
    regionCode: DivisionCode,
    departmentId: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 2147483647 }))),
  },
  { additionalProperties: false },
);
export type RoleGrantBody = Static<typeof RoleGrantBody>;

export const UserRoleView = Type.Object({
  id: Type.Integer(),
  role: Type.String(),
  regionCode: Type.String(),
  departmentId: Nullable(Type.Integer()),
});
export type UserRoleView = Static<typeof UserRoleView>;

export const UserView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  kind: Type.Union([Type.Literal('staff'), Type.Literal('citizen'), Type.Literal('enterprise')]),
  displayName: Type.String(),
  regionCode: Type.String(),
  departmentId: Nullable(Type.Integer()),
  departmentName: Nullable(Type.String()),
  personId: Nullable(Type.Integer()),
  enterpriseId: Nullable(Type.Integer()),
  isDemo: Type.Boolean(),
  isDisabled: Type.Boolean(),
  lastLoginAt: Nullable(DateTime),
  createdAt: DateTime,
  roles: Type.Array(UserRoleView),
});
export type UserView = Static<typeof UserView>;

export const UserListQuery = Type.Object(
  {
    kind: Type.Optional(
      Type.Union([Type.Literal('staff'), Type.Literal('citizen'), Type.Literal('enterprise')]),
    ),
    role: Type.Optional(RoleName),
    region: Type.Optional(DivisionCode),
    departmentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
    /** Part of the username or display name. */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    isDemo: Type.Optional(Type.Boolean()),
    isDisabled: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type UserListQuery = Static<typeof UserListQuery>;

export const UserList = Type.Object({ items: Type.Array(UserView) });
export type UserList = Static<typeof UserList>;

export const UserParams = Type.Object({ id: Id });
export const UserRoleParams = Type.Object({ id: Id, roleId: Id });

export const CreateStaffBody = Type.Object(
  {
    username: Username,
    displayName: Type.String({ minLength: 1, maxLength: 60 }),
    password: NewPassword,
    regionCode: DivisionCode,
    departmentId: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 2147483647 }))),
    roles: Type.Array(RoleGrantBody, { minItems: 1, maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type CreateStaffBody = Static<typeof CreateStaffBody>;

export const RegisterCitizenBody = Type.Object(
  {
    username: Username,
    password: NewPassword,
    name: PersonName,
    idNumber: ResidentIdNumber,
    phone: MobilePhone,
    /** Where the citizen lives: a district, street or community code of the city. */
    regionCode: DivisionCode,
  },
  { additionalProperties: false },
);
export type RegisterCitizenBody = Static<typeof RegisterCitizenBody>;

export const RegisteredCitizen = Type.Object({
  userId: Type.Integer(),
  username: Type.String(),
  personId: Type.Integer(),
});
export type RegisteredCitizen = Static<typeof RegisteredCitizen>;
