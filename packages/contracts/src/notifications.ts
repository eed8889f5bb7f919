import { Type, type Static } from 'typebox';

export const NotificationView = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  subjectType: Type.Union([Type.String(), Type.Null()]),
  subjectId: Type.Union([Type.String(), Type.Null()]),
  channels: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type NotificationView = Static<typeof NotificationView>;

export const NotificationQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'true: only unread notifications' })),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  },
  { additionalProperties: false },
);
export type NotificationQuery = Static<typeof NotificationQuery>;

export const NotificationList = Type.Object({
  items: Type.Array(NotificationView),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  /** How many match the filter. */
  total: Type.Integer(),
  /** How many of the caller's notifications are unread, whatever the filter. */
  unreadCount: Type.Integer(),
});
export type NotificationList = Static<typeof NotificationList>;

export const NotificationParams = Type.Object(
  { id: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }) },
  { additionalProperties: false },
);
export type NotificationParams = Static<typeof NotificationParams>;

export const ReadAllResult = Type.Object({
  /** How many notifications this call marked read. */
  updated: Type.Integer(),
  unreadCount: Type.Integer(),
});
export type ReadAllResult = Static<typeof ReadAllResult>;
