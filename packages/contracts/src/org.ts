import { Type, type Static } from 'typebox';

/** A GB/T 2260 division code: 6 digits (city, district), 9 (street, town) or 12 (community). */
export const DivisionCode = Type.String({ pattern: '^[0-9]{6}([0-9]{3}){0,2}$' });

/** 1 city, 2 district or county, 3 street or town, 4 community or village. */
export const DivisionLevel = Type.Integer({ minimum: 1, maximum: 4 });

export const DivisionView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  lon: Type.Union([Type.Number(), Type.Null()]),
});
export type DivisionView = Static<typeof DivisionView>;

export const DivisionListQuery = Type.Object(
  {
    /** Children of this division; without it, every division of the level (or the top). */
    parent: Type.Optional(DivisionCode),
    level: Type.Optional(DivisionLevel),
    /** Part of the name, e.g. 解放碑. */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000, default: 2000 })),
  },
  { additionalProperties: false },
);
export type DivisionListQuery = Static<typeof DivisionListQuery>;

export const DivisionList = Type.Object({ items: Type.Array(DivisionView) });
export type DivisionList = Static<typeof DivisionList>;

export const DivisionDetail = Type.Object({
  ...DivisionView.properties,
  /** From the city down to the parent. */
  ancestors: Type.Array(DivisionView),
  childCount: Type.Integer(),
});
export type DivisionDetail = Static<typeof DivisionDetail>;

export const DivisionParams = Type.Object({ code: DivisionCode });

export const DepartmentKind = Type.Union([
  Type.Literal('government'),
  Type.Literal('vertical'),
  Type.Literal('institution'),
  Type.Literal('mass_org'),
  Type.Literal('utility'),
]);
export type DepartmentKind = Static<typeof DepartmentKind>;

export const DepartmentView = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  shortName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.Union([Type.String(), Type.Null()]),
  cityDepartmentId: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.String(),
});
export type DepartmentView = Static<typeof DepartmentView>;

export const DepartmentListQuery = Type.Object(
  {
    /** Departments of exactly this region (500000 for the municipal ones). */
    region: Type.Optional(DivisionCode),
    /** District counterparts of one municipal department. */
    cityDepartmentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
    kind: Type.Optional(DepartmentKind),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 500 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  },
  { additionalProperties: false },
);
export type DepartmentListQuery = Static<typeof DepartmentListQuery>;

export const DepartmentList = Type.Object({ items: Type.Array(DepartmentView) });
export type DepartmentList = Static<typeof DepartmentList>;

export const DepartmentParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2147483647 }),
});
