import type { NotificationView } from '@citygov/contracts';

/** Where a notification leads in this app (the server links by subject: /task/12). */
export function notificationTarget(n: NotificationView): string | null {
  if (n.subjectType === 'task' && n.subjectId) return `/staff/tasks/${n.subjectId}`;
  if (n.link?.startsWith('/') && !n.link.startsWith('//')) return n.link;
  return null;
}
