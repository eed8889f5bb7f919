// 好差评: rating a finished application, the public aggregate, and the rectification queue.
import { Type, type Static } from 'typebox';
import { ServiceChannel } from './services.ts';
import { LocalizedLabel } from './workflow.ts';

/** 5 非常满意, 4 满意, 3 基本满意, 2 不满意, 1 非常不满意. */
export const RatingLevel = Type.Integer({ minimum: 1, maximum: 5 });
export type RatingLevel = Static<typeof RatingLevel>;

export const CreateRatingBody = Type.Object(
  {
    applicationId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    level: RatingLevel,
    tags: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 10 }),
    text: Type.Optional(Type.String({ maxLength: 2000 })),
    /** 实名 (true) or 匿名 (false). */
    isNamed: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type CreateRatingBody = Static<typeof CreateRatingBody>;

export const RatingView = Type.Object({
  id: Type.Integer(),
  applicationId: Type.Integer(),
  itemCode: Type.String(),
  itemName: Type.String(),
  departmentId: Type.Integer(),
  regionCode: Type.String(),
  channel: ServiceChannel,
  staff: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })),
  level: RatingLevel,
  levelLabel: LocalizedLabel,
  tags: Type.Array(Type.String()),
  text: Type.Union([Type.String(), Type.Null()]),
  isNamed: Type.Boolean(),
  /** A bad rating: the rectification's state, or null. */
  rectificationState: Type.Union([Type.String(), Type.Null()]),
  /** Appealed successfully: kept, but not counted in statistics. */
  isExcluded: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type RatingView = Static<typeof RatingView>;

export const RatingList = Type.Object({ items: Type.Array(RatingView) });
export type RatingList = Static<typeof RatingList>;

export const RatingSummaryQuery = Type.Object(
  {
    itemCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    departmentId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  },
  { additionalProperties: false },
);
export type RatingSummaryQuery = Static<typeof RatingSummaryQuery>;

export const RatingSummary = Type.Object({
  itemCode: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.Integer(), Type.Null()]),
  total: Type.Integer(),
  levels: Type.Array(
    Type.Object({ level: RatingLevel, label: LocalizedLabel, count: Type.Integer() }),
  ),
  /** Share of 满意 or better (0..1), null without ratings. */
  satisfaction: Type.Union([Type.Number(), Type.Null()]),
});
export type RatingSummary = Static<typeof RatingSummary>;

export const RectificationListQuery = Type.Object(
  {
    state: Type.Optional(Type.String({ pattern: '^[a-z_]{1,32}$' })),
    /** Only the rectification of this application's rating. */
    applicationId: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type RectificationListQuery = Static<typeof RectificationListQuery>;

export const RectificationList = Type.Object({
  items: Type.Array(
    Type.Object({
      ratingId: Type.Integer(),
      level: RatingLevel,
      itemCode: Type.String(),
      itemName: Type.String(),
      departmentId: Type.Integer(),
      regionCode: Type.String(),
      isNamed: Type.Boolean(),
      state: Type.String(),
      stateLabel: LocalizedLabel,
      deadlineAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
      isOverdue: Type.Boolean(),
      createdAt: Type.String({ format: 'date-time' }),
    }),
  ),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type RectificationList = Static<typeof RectificationList>;
