// The process's calendar: overrides and office hours cached in memory, reloaded when an
// administrator changes them (here at once, in other processes by the periodic reload job).
import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import type { Actor } from '../audit/ledger.ts';
import { appendAudit } from '../audit/ledger.ts';
import {
  createWorkingCalendar,
  parseWorkingPeriods,
  type CalendarOverride,
  type LocalDate,
  type WorkingCalendar,
} from './working-calendar.ts';

/** settings key holding office hours, e.g. [["09:00","12:00"],["13:30","17:30"]]. */
export const WORKING_HOURS_SETTING = 'calendar.working_hours';

let current: WorkingCalendar = createWorkingCalendar();
let isLoaded = false;

/** The calendar in force in this process. */
export const workingCalendar = (): WorkingCalendar => current;

/** Replaces the calendar in force (tests, or a caller that loaded overrides itself). */
export function setWorkingCalendar(calendar: WorkingCalendar) {
  current = calendar;
  isLoaded = true;
}

/** Reads overrides and office hours from the database and puts them in force. */
export async function reloadCalendar(db: Db): Promise<WorkingCalendar> {
  const rows = await sql<{ date: string; is_workday: boolean; note: string | null }>`
    SELECT to_char(date, 'YYYY-MM-DD') AS date, is_workday, note FROM calendar_overrides`.execute(
    db,
  );
  const overrides = new Map<LocalDate, CalendarOverride>(
    rows.rows.map((r) => [r.date, { isWorkday: r.is_workday, note: r.note }]),
  );
  const setting = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', WORKING_HOURS_SETTING)
    .executeTakeFirst();
  const workingPeriods = setting
    ? parseWorkingPeriods(setting.value as Array<[string, string]>)
    : undefined;
  setWorkingCalendar(createWorkingCalendar({ overrides, workingPeriods }));
  return current;
}

/** Loads the calendar once per process (later changes arrive through reloadCalendar). */
export async function ensureCalendarLoaded(db: Db): Promise<WorkingCalendar> {
  if (!isLoaded) await reloadCalendar(db);
  return current;
}

/** Sets (or replaces) an override for one date, audited, in the caller's transaction. */
export async function setCalendarOverride(
  trx: Db,
  actor: Actor,
  date: LocalDate,
  override: CalendarOverride,
): Promise<void> {
  await trx
    .insertInto('calendar_overrides')
    .values({
      date,
      is_workday: override.isWorkday,
      note: override.note,
      updated_by: actor.kind === 'user' ? actor.id : null,
    })
    .onConflict((oc) =>
      oc.column('date').doUpdateSet({
        is_workday: override.isWorkday,
        note: override.note,
        updated_by: actor.kind === 'user' ? actor.id : null,
        updated_at: new Date(),
      }),
    )
    .execute();
  await appendAudit(trx, {
    actor,
    action: 'calendar.override_set',
    subjectType: 'calendar_day',
    subjectId: date,
    regionCode: '500000',
    data: { isWorkday: override.isWorkday, note: override.note },
  });
}

/** Removes a date's override (the published schedule applies again); false when there was none. */
export async function deleteCalendarOverride(
  trx: Db,
  actor: Actor,
  date: LocalDate,
): Promise<boolean> {
  const removed = await trx
    .deleteFrom('calendar_overrides')
    .where('date', '=', date)
    .returning(sql<string>`to_char(date, 'YYYY-MM-DD')`.as('date'))
    .executeTakeFirst();
  if (!removed) return false;
  await appendAudit(trx, {
    actor,
    action: 'calendar.override_deleted',
    subjectType: 'calendar_day',
    subjectId: date,
    regionCode: '500000',
  });
  return true;
}
