// The working-day calendar copied into service_workdays, so SQL can count working days between
// two dates (no(b) − no(a)). Rewritten when the calendar in force differs from what the table
// holds (an administrator's override, next year's schedule); checked once per calendar object.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';
import { ensureCalendarLoaded, type WorkingCalendar } from '../../../platform/calendar/index.ts';
import { addCalendarDays } from '../../../platform/calendar/working-calendar.ts';
import type { IndicatorTables } from './indicator-tables.ts';

/** The span the table covers: the demo history and the large city's year fall well inside. */
export const WORKDAYS_FROM = '2018-01-01';
export const WORKDAYS_TO = '2036-12-31';
const HASH_SETTING = 'services.workdays_hash';

// Per database and calendar object: tests open several databases in one process.
const synced = new WeakMap<Db, WeakMap<WorkingCalendar, Promise<void>>>();

function daysOf(calendar: WorkingCalendar) {
  const days: Array<{ day: string; is_workday: boolean; workday_no: number }> = [];
  let no = 0;
  for (let day = WORKDAYS_FROM; day <= WORKDAYS_TO; day = addCalendarDays(day, 1)) {
    const isWorkday = calendar.isWorkday(day);
    if (isWorkday) no++;
    days.push({ day, is_workday: isWorkday, workday_no: no });
  }
  return days;
}

async function sync(db: Db, calendar: WorkingCalendar): Promise<void> {
  const days = daysOf(calendar);
  const hash = createHash('sha256')
    .update(days.map((d) => (d.is_workday ? '1' : '0')).join(''))
    .digest('hex');
  const stored = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', HASH_SETTING)
    .executeTakeFirst();
  if (stored?.value === hash) return;
  await db.transaction().execute(async (trx) => {
    const t = trx.withTables<IndicatorTables>();
    await sql`LOCK TABLE service_workdays IN EXCLUSIVE MODE`.execute(trx);
    await t.deleteFrom('service_workdays').execute();
    for (let i = 0; i < days.length; i += 2000) {
      await t
        .insertInto('service_workdays')
        .values(days.slice(i, i + 2000))
        .execute();
    }
    await trx
      .insertInto('settings')
      .values({ key: HASH_SETTING, value: JSON.stringify(hash) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(hash) }))
      .execute();
  });
}

/** Makes service_workdays match the calendar in force (once per calendar in this process); not in a transaction. */
export async function ensureWorkdays(db: Db): Promise<void> {
  const calendar = await ensureCalendarLoaded(db);
  let byCalendar = synced.get(db);
  if (!byCalendar) synced.set(db, (byCalendar = new WeakMap()));
  let pending = byCalendar.get(calendar);
  if (!pending) {
    pending = sync(db, calendar);
    byCalendar.set(calendar, pending);
    pending.catch(() => byCalendar.delete(calendar));
  }
  await pending;
}
