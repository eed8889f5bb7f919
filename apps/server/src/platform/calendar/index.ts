// The working-day calendar's public face. The functions use the calendar in force in this
// process (published schedule + overrides, loaded by ensureCalendarLoaded / reloadCalendar).
import type { Duration } from '@citygov/contracts';
import { workingCalendar } from './calendar-store.ts';
import type { DateLike } from './working-calendar.ts';

export {
  addCalendarHours,
  calendarHoursBetween,
  createWorkingCalendar,
  endOfLocalDay,
  formatLocalDateTime,
  localDateOf,
  startOfLocalDay,
  type DateLike,
  type LocalDate,
  type WorkingCalendar,
} from './working-calendar.ts';
export {
  ensureCalendarLoaded,
  reloadCalendar,
  setWorkingCalendar,
  workingCalendar,
  WORKING_HOURS_SETTING,
} from './calendar-store.ts';
export { registerCalendarRoutes } from './calendar-routes.ts';

/** Whether a date (or the Asia/Shanghai date of an instant) is a working day. */
export const isWorkday = (date: DateLike) => workingCalendar().isWorkday(date);
/** The end (23:59:59.999 Asia/Shanghai) of the nth working day after `from`. */
export const addWorkingDays = (from: DateLike, n: number) =>
  workingCalendar().addWorkingDays(from, n);
/** Working days d with from < d <= to. */
export const workingDaysBetween = (from: DateLike, to: DateLike) =>
  workingCalendar().workingDaysBetween(from, to);
/** Adds office hours (default 09:00–12:00, 13:30–17:30) skipping days off. */
export const addWorkingHours = (from: Date, hours: number) =>
  workingCalendar().addWorkingHours(from, hours);
export const workingHoursBetween = (from: Date, to: Date) =>
  workingCalendar().workingHoursBetween(from, to);
/** Adds a time limit in working days, working hours or calendar hours. */
export const addDuration = (from: Date, duration: Duration) =>
  workingCalendar().addDuration(from, duration);
