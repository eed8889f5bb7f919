// Notifications: every message lands in the recipients' in-app inbox, in the caller's
// transaction; SMS and e-mail copies go through a Channel whose default writes to the log.
import type { Db } from '../db/database.ts';
import { regionPrefix } from '../auth/region.ts';

export interface OutboundMessage {
  userId: number;
  title: string;
  body: string;
  link: string | null;
}

/** An outbound channel (SMS gateway, mail server). */
export interface Channel {
  readonly name: 'sms' | 'email';
  send(message: OutboundMessage): Promise<void>;
}

/** The default channel: writes what would have been sent to the log. */
export function logChannel(
  name: 'sms' | 'email',
  log: (obj: object, msg: string) => void,
): Channel {
  return {
    name,
    async send(message) {
      log({ channel: name, ...message }, `${name} message (not sent: no gateway configured)`);
    },
  };
}

const channels = new Map<string, Channel>();
/** Replaces the SMS or e-mail channel (a real gateway in production). */
export function setChannel(channel: Channel) {
  channels.set(channel.name, channel);
}

export interface NotifyInput {
  /** Recipients by user id, and/or everyone holding a role in a scope. */
  userIds?: number[];
  role?: { role: string; regionCode: string; departmentId?: number | null };
  title: string;
  body: string;
  link?: string;
  subjectType?: string;
  subjectId?: string | number;
  regionCode: string;
  /** Also send an SMS / e-mail copy. */
  alsoVia?: Array<'sms' | 'email'>;
}

/** Users holding `role` whose scope covers `regionCode` (and the department, when given). */
export async function usersWithRole(
  db: Db,
  role: string,
  regionCode: string,
  departmentId?: number | null,
): Promise<number[]> {
  const candidates = await db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['user_roles.user_id', 'user_roles.region_code', 'user_roles.department_id'])
    .where('user_roles.role', '=', role)
    .where('users.is_disabled', '=', false)
    .execute();
  return [
    ...new Set(
      candidates
        .filter(
          (c) =>
            regionCode.startsWith(regionPrefix(c.region_code)) &&
            (departmentId == null || c.department_id === null || c.department_id === departmentId),
        )
        .map((c) => c.user_id),
    ),
  ];
}

/** Delivers a notification to the inbox (in `trx`) and queues SMS/e-mail copies after commit. */
export async function notify(trx: Db, input: NotifyInput): Promise<number[]> {
  const recipients = new Set(input.userIds ?? []);
  if (input.role) {
    for (const id of await usersWithRole(
      trx,
      input.role.role,
      input.role.regionCode,
      input.role.departmentId,
    )) {
      recipients.add(id);
    }
  }
  if (recipients.size === 0) return [];
  const via = ['inbox', ...(input.alsoVia ?? [])];
  await trx
    .insertInto('notifications')
    .values(
      [...recipients].map((userId) => ({
        user_id: userId,
        region_code: input.regionCode,
        title: input.title,
        body: input.body,
        link: input.link ?? null,
        subject_type: input.subjectType ?? null,
        subject_id: input.subjectId === undefined ? null : String(input.subjectId),
        channels: via,
      })),
    )
    .execute();
  for (const name of input.alsoVia ?? []) {
    const channel = channels.get(name);
    if (!channel) continue;
    // Outbound copies are best effort and must not hold the transaction open.
    for (const userId of recipients) {
      setImmediate(() => {
        channel
          .send({ userId, title: input.title, body: input.body, link: input.link ?? null })
          .catch(() => {});
      });
    }
  }
  return [...recipients];
}
