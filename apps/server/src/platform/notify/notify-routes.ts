// The in-app inbox: a user lists their own notifications and marks them read. Nobody ever
// reaches another user's inbox: every query is keyed by the caller's own user id.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import {
  ErrorBody,
  NotificationList,
  NotificationParams,
  NotificationQuery,
  NotificationView,
  ReadAllResult,
} from '@citygov/contracts';
import { sql, type Selectable } from 'kysely';
import type { Db } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import type { Principal } from '../auth/principal.ts';
import type { AppContext } from '../http/context.ts';
import type { NotificationsTable } from './notify-tables.ts';

type NotificationRow = Omit<Selectable<NotificationsTable>, 'user_id' | 'region_code'>;

const columns = [
  'id',
  'title',
  'body',
  'link',
  'subject_type',
  'subject_id',
  'channels',
  'created_at',
  'read_at',
] as const;

function viewOf(row: NotificationRow): NotificationView {
  return {
    id: Number(row.id),
    title: row.title,
    body: row.body,
    link: row.link,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    channels: row.channels,
    createdAt: row.created_at.toISOString(),
    readAt: row.read_at ? row.read_at.toISOString() : null,
  };
}

/** The inbox belongs to a person: API keys (machines, channels) have none. */
function inboxOwnerOf(principal: Principal): number {
  if (principal.kind !== 'user' || principal.userId === null) {
    throw new AppError('forbidden', 'Only people have a notification inbox');
  }
  return principal.userId;
}

async function countUnread(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of the user's notifications, newest first. */
export async function listNotifications(
  db: Db,
  userId: number,
  filter: { isUnreadOnly: boolean; page: number; pageSize: number },
): Promise<NotificationList> {
  let query = db.selectFrom('notifications').where('user_id', '=', userId);
  if (filter.isUnreadOnly) query = query.where('read_at', 'is', null);
  const [rows, total, unreadCount] = await Promise.all([
    query
      .select(columns)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
    countUnread(db, userId),
  ]);
  return {
    items: rows.map(viewOf),
    page: filter.page,
    pageSize: filter.pageSize,
    total: Number(total.n),
    unreadCount,
  };
}

/** Marks one of the user's notifications read (keeping the first read time); null if not theirs. */
export async function markNotificationRead(
  db: Db,
  userId: number,
  id: number,
): Promise<NotificationView | null> {
  const row = await db
    .updateTable('notifications')
    .set({ read_at: sql<Date>`coalesce(read_at, now())` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning(columns)
    .executeTakeFirst();
  return row ? viewOf(row) : null;
}

/** Marks every unread notification of the user read; returns how many changed. */
export async function markAllNotificationsRead(db: Db, userId: number): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: sql<Date>`now()` })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function registerNotificationRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/notifications',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'My notifications, newest first, with the unread count',
        tags: ['notifications'],
        querystring: NotificationQuery,
        response: { 200: NotificationList, 403: ErrorBody },
      },
    },
    async (request) =>
      listNotifications(ctx.db, inboxOwnerOf(request.principal), {
        isUnreadOnly: request.query.unread === true,
        page: request.query.page ?? 1,
        pageSize: request.query.pageSize ?? 20,
      }),
  );

  r.post(
    '/api/notifications/:id/read',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'Mark one of my notifications read',
        tags: ['notifications'],
        params: NotificationParams,
        response: { 200: NotificationView, 404: ErrorBody },
      },
    },
    async (request) => {
      const view = await markNotificationRead(
        ctx.db,
        inboxOwnerOf(request.principal),
        request.params.id,
      );
      // Another user's notification answers exactly like a missing one.
      if (!view) throw notFound('notification', request.params.id);
      return view;
    },
  );

  r.post(
    '/api/notifications/read-all',
    {
      config: { permission: 'authenticated' },
      schema: {
        summary: 'Mark all my notifications read',
        tags: ['notifications'],
        response: { 200: ReadAllResult },
      },
    },
    async (request) => {
      const userId = inboxOwnerOf(request.principal);
      const updated = await markAllNotificationsRead(ctx.db, userId);
      return { updated, unreadCount: await countUnread(ctx.db, userId) };
    },
  );
}
