import { Type, type Static, type TSchema } from 'typebox';
import {
  DisposalSiteKind,
  GeoLineString,
  GeoPolygon,
  WasteCompanyStatus,
  WasteDriverStatus,
  WastePartyKind,
  WasteRouteStatus,
  WasteSiteStatus,
  WasteTruckStatus,
} from './waste-common.ts';

// The construction-waste registry: transport companies, trucks, drivers, construction sites
// (产废单位), disposal sites (消纳场 / 资源化利用厂), routes and the accounts acting for them.

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const RegionCode = Type.String({ pattern: '^50[0-9]{4}([0-9]{3}){0,2}$' });
const Name = Type.String({ minLength: 2, maxLength: 100 });
const ShortText = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
/** [minLon, minLat, maxLon, maxLat] */
const Bbox = Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]);

export const WasteIdParams = Type.Object({ id: Id }, { additionalProperties: false });
export type WasteIdParams = Static<typeof WasteIdParams>;

export const WasteListQuery = Type.Object(
  {
    /** A fragment of the name, plate, number or code. */
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6,12}$' })),
    companyId: Type.Optional(Id),
    status: Type.Optional(Type.String({ pattern: '^[a-z_]{1,20}$' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export type WasteListQuery = Static<typeof WasteListQuery>;

const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    items: Type.Array(item),
  });

// ---- transport companies ----

export const WasteCompanyView = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  name: Type.String(),
  uscc: Type.String(),
  transportLicenceNo: Nullable(Type.String()),
  contactName: Nullable(Type.String()),
  contactPhone: Nullable(Type.String()),
  status: WasteCompanyStatus,
  truckCount: Type.Integer(),
  driverCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type WasteCompanyView = Static<typeof WasteCompanyView>;
export const WasteCompanyList = Page(WasteCompanyView);
export type WasteCompanyList = Static<typeof WasteCompanyList>;

export const WasteCompanyBody = Type.Object(
  {
    regionCode: RegionCode,
    name: Name,
    uscc: Type.String({ minLength: 18, maxLength: 18 }),
    transportLicenceNo: Type.Optional(Nullable(ShortText(40))),
    contactName: Type.Optional(Nullable(ShortText(40))),
    contactPhone: Type.Optional(Nullable(Type.String({ pattern: '^[0-9+-]{5,20}$' }))),
    status: Type.Optional(WasteCompanyStatus),
  },
  { additionalProperties: false },
);
export type WasteCompanyBody = Static<typeof WasteCompanyBody>;

// ---- trucks ----

export const WasteTruckView = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  companyId: Type.Integer(),
  companyName: Type.String(),
  plate: Type.String(),
  /** The JT/T 808 header phone (terminal id in message headers). */
  terminalPhone: Type.String(),
  terminalId: Nullable(Type.String()),
  /** The telematics vehicle, once the terminal has been seen. */
  vehicleId: Nullable(Type.Integer()),
  capacityM3: Type.Number(),
  hasCoverSensor: Type.Boolean(),
  coverStatusBit: Type.Integer(),
  status: WasteTruckStatus,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type WasteTruckView = Static<typeof WasteTruckView>;
export const WasteTruckList = Page(WasteTruckView);
export type WasteTruckList = Static<typeof WasteTruckList>;

export const WasteTruckBody = Type.Object(
  {
    companyId: Id,
    /** 渝A12345 or a new-energy plate 渝AD12345. */
    plate: Type.String({ minLength: 7, maxLength: 8 }),
    terminalPhone: Type.String({ pattern: '^[0-9]{1,20}$' }),
    terminalId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 30 }))),
    capacityM3: Type.Number({ exclusiveMinimum: 0, maximum: 60 }),
    hasCoverSensor: Type.Optional(Type.Boolean()),
    coverStatusBit: Type.Optional(Type.Integer({ minimum: 0, maximum: 31 })),
    status: Type.Optional(WasteTruckStatus),
  },
  { additionalProperties: false },
);
export type WasteTruckBody = Static<typeof WasteTruckBody>;

// ---- drivers (personal data masked) ----

export const WasteDriverView = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  companyId: Type.Integer(),
  companyName: Type.String(),
  name: Type.String(),
  /** Masked resident ID (the driving licence number). */
  idNumberHint: Type.String(),
  phoneHint: Nullable(Type.String()),
  /** The driver's own account, when the driver signs in the app. */
  username: Nullable(Type.String()),
  status: WasteDriverStatus,
  createdAt: Type.String(),
});
export type WasteDriverView = Static<typeof WasteDriverView>;
export const WasteDriverList = Page(WasteDriverView);
export type WasteDriverList = Static<typeof WasteDriverList>;

export const WasteDriverBody = Type.Object(
  {
    companyId: Id,
    name: Type.String({ minLength: 2, maxLength: 40 }),
    idNumber: Type.String({ minLength: 18, maxLength: 18 }),
    phone: Type.Optional(Nullable(Type.String({ minLength: 11, maxLength: 11 }))),
    status: Type.Optional(WasteDriverStatus),
  },
  { additionalProperties: false },
);
export type WasteDriverBody = Static<typeof WasteDriverBody>;

/** Editing a driver: the ID number is fixed once registered. */
export const WasteDriverUpdateBody = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 40 }),
    phone: Type.Optional(Nullable(Type.String({ minLength: 11, maxLength: 11 }))),
    status: WasteDriverStatus,
  },
  { additionalProperties: false },
);
export type WasteDriverUpdateBody = Static<typeof WasteDriverUpdateBody>;

// ---- construction sites and disposal sites ----

export const ConstructionSiteView = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  name: Type.String(),
  projectCode: Nullable(Type.String()),
  developer: Nullable(Type.String()),
  contractor: Nullable(Type.String()),
  address: Nullable(Type.String()),
  lat: Type.Number(),
  lon: Type.Number(),
  fence: GeoPolygon,
  bbox: Bbox,
  status: WasteSiteStatus,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type ConstructionSiteView = Static<typeof ConstructionSiteView>;
export const ConstructionSiteList = Page(ConstructionSiteView);
export type ConstructionSiteList = Static<typeof ConstructionSiteList>;

export const ConstructionSiteBody = Type.Object(
  {
    regionCode: RegionCode,
    name: Name,
    projectCode: Type.Optional(Nullable(ShortText(40))),
    developer: Type.Optional(Nullable(ShortText(100))),
    contractor: Type.Optional(Nullable(ShortText(100))),
    address: Type.Optional(Nullable(ShortText(200))),
    /** WGS-84; the gate. Defaults to the fence's centre. */
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    fence: GeoPolygon,
    status: Type.Optional(WasteSiteStatus),
  },
  { additionalProperties: false },
);
export type ConstructionSiteBody = Static<typeof ConstructionSiteBody>;

export const DisposalSiteView = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  name: Type.String(),
  kind: DisposalSiteKind,
  operatorName: Nullable(Type.String()),
  address: Nullable(Type.String()),
  capacityM3: Type.Number(),
  dailyCapacityM3: Nullable(Type.Number()),
  /** Received so far (signed manifests). */
  receivedM3: Type.Number(),
  lat: Type.Number(),
  lon: Type.Number(),
  fence: GeoPolygon,
  bbox: Bbox,
  status: WasteSiteStatus,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type DisposalSiteView = Static<typeof DisposalSiteView>;
export const DisposalSiteList = Page(DisposalSiteView);
export type DisposalSiteList = Static<typeof DisposalSiteList>;

export const DisposalSiteBody = Type.Object(
  {
    regionCode: RegionCode,
    name: Name,
    kind: DisposalSiteKind,
    operatorName: Type.Optional(Nullable(ShortText(100))),
    address: Type.Optional(Nullable(ShortText(200))),
    capacityM3: Type.Number({ exclusiveMinimum: 0, maximum: 1e9 }),
    dailyCapacityM3: Type.Optional(Nullable(Type.Number({ exclusiveMinimum: 0, maximum: 1e7 }))),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    fence: GeoPolygon,
    status: Type.Optional(WasteSiteStatus),
  },
  { additionalProperties: false },
);
export type DisposalSiteBody = Static<typeof DisposalSiteBody>;

// ---- routes ----

export const WasteRouteView = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  name: Type.String(),
  constructionSiteId: Type.Integer(),
  constructionSiteName: Type.String(),
  disposalSiteId: Type.Integer(),
  disposalSiteName: Type.String(),
  path: GeoLineString,
  corridorM: Type.Integer(),
  lengthM: Type.Integer(),
  bbox: Bbox,
  status: WasteRouteStatus,
  createdAt: Type.String(),
});
export type WasteRouteView = Static<typeof WasteRouteView>;
export const WasteRouteList = Page(WasteRouteView);
export type WasteRouteList = Static<typeof WasteRouteList>;

export const WasteRouteBody = Type.Object(
  {
    name: Name,
    constructionSiteId: Id,
    disposalSiteId: Id,
    path: GeoLineString,
    /** Metres either side of the path (10–5000). */
    corridorM: Type.Integer({ minimum: 10, maximum: 5000 }),
    status: Type.Optional(WasteRouteStatus),
  },
  { additionalProperties: false },
);
export type WasteRouteBody = Static<typeof WasteRouteBody>;

// ---- accounts acting for an organisation ----

export const WastePartyParams = Type.Object(
  { kind: WastePartyKind, id: Id },
  { additionalProperties: false },
);
export type WastePartyParams = Static<typeof WastePartyParams>;

export const WastePartyMemberBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
export type WastePartyMemberBody = Static<typeof WastePartyMemberBody>;

export const WastePartyMember = Type.Object({
  userId: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
});
export type WastePartyMember = Static<typeof WastePartyMember>;

export const WastePartyMemberList = Type.Object({ items: Type.Array(WastePartyMember) });
export type WastePartyMemberList = Static<typeof WastePartyMemberList>;

/** The organisations the caller acts for (empty for staff). */
export const WasteMyParties = Type.Object({
  items: Type.Array(Type.Object({ kind: WastePartyKind, id: Type.Integer(), name: Type.String() })),
});
export type WasteMyParties = Static<typeof WasteMyParties>;
