import { Type, type Static } from 'typebox';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const GrantView = Type.Object({
  role: Type.String(),
  regionCode: Type.String(),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
});

export const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  kind: Type.Union([Type.Literal('staff'), Type.Literal('citizen'), Type.Literal('enterprise')]),
  regionCode: Type.String(),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  grants: Type.Array(GrantView),
  permissions: Type.Array(Type.String()),
  csrfToken: Type.Optional(Type.String()),
});
export type Me = Static<typeof Me>;

export const Health = Type.Object({
  status: Type.Literal('ok'),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  version: Type.String(),
  uptimeSeconds: Type.Number(),
  isDemo: Type.Boolean(),
});
export type Health = Static<typeof Health>;

export const RoleView = Type.Object({
  role: Type.String(),
  isStaff: Type.Boolean(),
  permissions: Type.Array(Type.String()),
});

export const RolesAnswer = Type.Object({
  roles: Type.Array(RoleView),
  permissions: Type.Array(Type.String()),
});
export type RolesAnswer = Static<typeof RolesAnswer>;
