// The morning 日扫描: on each working day after 08:30 (city time) one process scans every
// department and tells each department's reviewers, in the app, how many of their applications
// are overdue or at risk (one notice per reviewer, naming their departments). A row per day in
// service_daily_scans makes it run once, however many processes tick.
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { isWorkday, localDateOf } from '../../../platform/calendar/index.ts';
import { notify, usersWithRole } from '../../../platform/notify/notifier.ts';
import { scanApplications } from './daily-scan.ts';
import type { IndicatorTables } from './indicator-tables.ts';

/** The scan runs from this time of the morning (Asia/Shanghai, minutes after midnight). */
export const SCAN_FROM_MINUTES = 8 * 60 + 30;
const ROLES_NOTIFIED = ['reviewer'] as const;

const minutesIntoCityDay = (now: Date) => {
  const local = new Date(now.getTime() + 8 * 3_600_000);
  return local.getUTCHours() * 60 + local.getUTCMinutes();
};

export interface MorningScanReport {
  date: string;
  ran: boolean;
  overdue: number;
  atRisk: number;
  notified: number;
}

/** Runs the day's scan once (a working day, after 08:30); `force` skips the time checks (tests). */
export async function runMorningScan(
  db: Db,
  options: { now?: Date; force?: boolean } = {},
): Promise<MorningScanReport> {
  const now = options.now ?? new Date();
  const date = localDateOf(now);
  const idle = { date, ran: false, overdue: 0, atRisk: 0, notified: 0 };
  if (!options.force && (!isWorkday(date) || minutesIntoCityDay(now) < SCAN_FROM_MINUTES)) {
    return idle;
  }
  return db.transaction().execute(async (trx) => {
    const t = trx.withTables<IndicatorTables>();
    // Claim the day first: another process that claims it meanwhile wins, this one stops.
    const claimed = await t
      .insertInto('service_daily_scans')
      .values({ day: date, overdue: 0, at_risk: 0, departments: 0, notified: 0 })
      .onConflict((oc) => oc.column('day').doNothing())
      .returning('day')
      .executeTakeFirst();
    if (!claimed) return idle;
    const scan = await scanApplications(trx, [{ prefix: '', departmentId: null }], { date });
    // Each reviewer once, with the departments of theirs that have something to chase.
    const perUser = new Map<number, string[]>();
    for (const d of scan.departments) {
      for (const role of ROLES_NOTIFIED) {
        for (const userId of await usersWithRole(trx, role, d.regionCode, d.departmentId)) {
          const lines = perUser.get(userId) ?? [];
          lines.push(`${d.departmentName}：超期 ${d.overdue} 件，临期 ${d.atRisk} 件`);
          perUser.set(userId, lines);
        }
      }
    }
    for (const [userId, lines] of perUser) {
      await notify(trx, {
        userIds: [userId],
        title: `日扫描 ${date}：${lines.length} 个部门有超期或临期办件`,
        body: `${lines.slice(0, 20).join('；')}${lines.length > 20 ? `；等 ${lines.length} 个部门` : ''}。请优先办理。`,
        link: '/staff/applications',
        subjectType: 'service_daily_scan',
        subjectId: date,
        regionCode: '500000',
      });
    }
    await sql`UPDATE service_daily_scans SET overdue = ${scan.overdue}, at_risk = ${scan.atRisk},
                     departments = ${scan.departments.length}, notified = ${perUser.size}, ran_at = now()
               WHERE day = ${date}`.execute(trx);
    return { date, ran: true, overdue: scan.overdue, atRisk: scan.atRisk, notified: perUser.size };
  });
}
