// The working-day calendar: the published schedule from `chinese-days` (holidays and the
// working weekends of 调休), administrators' overrides on top, office hours for working-hour
// limits. All arithmetic is in Asia/Shanghai (UTC+8 all year, no daylight saving).
import { createRequire } from 'node:module';
import type { Duration } from '@citygov/contracts';

const require = createRequire(import.meta.url);
// The package's own date functions read the weekday in the process's time zone (wrong outside
// UTC+0..+14), so only its data is used here.
const published = require('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MAX_DAYS_WALKED = 20 * 366;

/** A local date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type LocalDate = string;
export type DateLike = LocalDate | Date;

export interface CalendarOverride {
  isWorkday: boolean;
  note: string | null;
}

/** Office hours as [start, end) minutes after local midnight. */
export type WorkingPeriods = ReadonlyArray<readonly [number, number]>;

export const defaultWorkingPeriods: WorkingPeriods = [
  [9 * 60, 12 * 60],
  [13 * 60 + 30, 17 * 60 + 30],
];

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumberOf(date: LocalDate): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  const ms = new Date(0).setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new RangeError(`"${date}" is not a real date`);
  }
  return ms / DAY_MS;
}

const dateOfDayNumber = (n: number): LocalDate => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The Asia/Shanghai date of an instant. */
export function localDateOf(at: Date): LocalDate {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai, for messages to people. */
export function formatLocalDateTime(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

const toLocalDate = (d: DateLike): LocalDate => (typeof d === 'string' ? d : localDateOf(d));

/** The instant a local date begins. */
export function startOfLocalDay(date: LocalDate): Date {
  return new Date(dayNumberOf(date) * DAY_MS - OFFSET_MS);
}

/** The last millisecond of a local date: a limit "within n working days" ends here. */
export function endOfLocalDay(date: LocalDate): Date {
  return new Date((dayNumberOf(date) + 1) * DAY_MS - OFFSET_MS - 1);
}

/** Adds calendar days to a local date. */
export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  return dateOfDayNumber(dayNumberOf(date) + days);
}

/** Parses "HH:MM-HH:MM" pairs into working periods; throws on a bad or overlapping list. */
export function parseWorkingPeriods(
  pairs: ReadonlyArray<readonly [string, string]>,
): WorkingPeriods {
  const minutes = (hhmm: string) => {
    const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
    if (!m) throw new RangeError(`"${hhmm}" is not a time (HH:MM)`);
    return Number(m[1]) * 60 + Number(m[2]);
  };
  const periods = pairs.map(([a, b]) => [minutes(a), minutes(b)] as const);
  if (periods.length === 0) throw new RangeError('working hours need at least one period');
  let previousEnd = -1;
  for (const [start, end] of periods) {
    if (start >= end || start < previousEnd || end > 24 * 60) {
      throw new RangeError('working periods must be ordered, non-overlapping and within the day');
    }
    previousEnd = end;
  }
  return periods;
}

export interface WorkingCalendar {
  isWorkday(date: DateLike): boolean;
  describeDay(date: LocalDate): {
    isWorkday: boolean;
    source: 'package' | 'override' | 'weekday';
    name: string | null;
    note: string | null;
  };
  /** The nth working day after `from` (counting starts the next day); n < 0 counts back. */
  nthWorkingDay(from: DateLike, n: number): LocalDate;
  /** The end (23:59:59.999 Asia/Shanghai) of the nth working day after `from`. */
  addWorkingDays(from: DateLike, n: number): Date;
  /** Working days d with from < d <= to (negative when to is before from). */
  workingDaysBetween(from: DateLike, to: DateLike): number;
  addWorkingHours(from: Date, hours: number): Date;
  workingHoursBetween(from: Date, to: Date): number;
  addDuration(from: Date, duration: Duration): Date;
  /** The time `duration` before `from` (for reminders before a deadline). */
  subtractDuration(from: Date, duration: Duration): Date;
  /** Moves a deadline of `unit` by the working time between pausedAt and resumedAt. */
  shiftForPause(
    deadline: Date,
    unit: Duration['unit'],
    pausedAt: Date,
    resumedAt: Date,
  ): { deadline: Date; amount: number };
  readonly workingPeriods: WorkingPeriods;
}

export const addCalendarHours = (from: Date, hours: number) =>
  new Date(from.getTime() + hours * HOUR_MS);
export const calendarHoursBetween = (from: Date, to: Date) =>
  (to.getTime() - from.getTime()) / HOUR_MS;

/** A calendar over the published schedule, the given overrides and office hours. */
export function createWorkingCalendar(
  options: {
    overrides?: ReadonlyMap<LocalDate, CalendarOverride>;
    workingPeriods?: WorkingPeriods;
  } = {},
): WorkingCalendar {
  const overrides = options.overrides ?? new Map<LocalDate, CalendarOverride>();
  const periods = options.workingPeriods ?? defaultWorkingPeriods;
  const periodMs = periods.map(([s, e]) => [s * 60_000, e * 60_000] as const);

  // A calendar never changes once made (new overrides make a new one), so each day is looked
  // up once: remaining-time views walk the same days on every request.
  const workdays = new Map<number, boolean>();
  function isWorkdayByDayNumber(n: number): boolean {
    let isWorkday = workdays.get(n);
    if (isWorkday === undefined) {
      isWorkday = lookUpWorkday(n);
      if (workdays.size >= 100_000) workdays.clear();
      workdays.set(n, isWorkday);
    }
    return isWorkday;
  }

  function lookUpWorkday(n: number): boolean {
    const date = dateOfDayNumber(n);
    const override = overrides.get(date);
    if (override) return override.isWorkday;
    if (published.workdays[date]) return true;
    if (published.holidays[date]) return false;
    const weekday = (n + 4) % 7; // 1970-01-01 was a Thursday
    return weekday >= 1 && weekday <= 5;
  }

  const isWorkday = (date: DateLike) => isWorkdayByDayNumber(dayNumberOf(toLocalDate(date)));

  function nthWorkingDay(from: DateLike, n: number): LocalDate {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be whole, got ${n}`);
    let day = dayNumberOf(toLocalDate(from));
    if (n === 0) return dateOfDayNumber(day);
    const step = n > 0 ? 1 : -1;
    let left = Math.abs(n);
    for (let walked = 0; left > 0; walked++) {
      if (walked > MAX_DAYS_WALKED) throw new RangeError('working-day count out of range');
      day += step;
      if (isWorkdayByDayNumber(day)) left--;
    }
    return dateOfDayNumber(day);
  }

  function workingDaysBetween(from: DateLike, to: DateLike): number {
    const a = dayNumberOf(toLocalDate(from));
    const b = dayNumberOf(toLocalDate(to));
    if (b < a) return -workingDaysBetween(to, from);
    if (b - a > MAX_DAYS_WALKED) throw new RangeError('date range too long');
    let count = 0;
    for (let d = a + 1; d <= b; d++) if (isWorkdayByDayNumber(d)) count++;
    return count;
  }

  function addWorkingHours(from: Date, hours: number): Date {
    if (!Number.isFinite(hours)) throw new RangeError(`working hours must be finite, got ${hours}`);
    if (hours === 0) return new Date(from);
    let left = Math.abs(hours) * HOUR_MS;
    let day = dayNumberOf(localDateOf(from));
    const at = from.getTime();
    for (let walked = 0; walked <= MAX_DAYS_WALKED; walked++, day += hours > 0 ? 1 : -1) {
      if (!isWorkdayByDayNumber(day)) continue;
      const base = day * DAY_MS - OFFSET_MS;
      const ordered = hours > 0 ? periodMs : [...periodMs].reverse();
      for (const [s, e] of ordered) {
        const ps = base + s;
        const pe = base + e;
        if (hours > 0) {
          const start = Math.max(at, ps);
          if (start >= pe) continue;
          if (left <= pe - start) return new Date(start + left);
          left -= pe - start;
        } else {
          const end = Math.min(at, pe);
          if (end <= ps) continue;
          if (left <= end - ps) return new Date(end - left);
          left -= end - ps;
        }
      }
    }
    throw new RangeError('working-hour count out of range');
  }

  function workingHoursBetween(from: Date, to: Date): number {
    if (to < from) return -workingHoursBetween(to, from);
    const first = dayNumberOf(localDateOf(from));
    const last = dayNumberOf(localDateOf(to));
    if (last - first > MAX_DAYS_WALKED) throw new RangeError('date range too long');
    let ms = 0;
    for (let day = first; day <= last; day++) {
      if (!isWorkdayByDayNumber(day)) continue;
      const base = day * DAY_MS - OFFSET_MS;
      for (const [s, e] of periodMs) {
        const overlap = Math.min(to.getTime(), base + e) - Math.max(from.getTime(), base + s);
        if (overlap > 0) ms += overlap;
      }
    }
    return ms / HOUR_MS;
  }

  function addDuration(from: Date, duration: Duration): Date {
    switch (duration.unit) {
      case 'workdays':
        return endOfLocalDay(nthWorkingDay(from, Math.ceil(duration.amount)));
      case 'workhours':
        return addWorkingHours(from, duration.amount);
      case 'hours':
        return addCalendarHours(from, duration.amount);
    }
  }

  function subtractDuration(from: Date, duration: Duration): Date {
    switch (duration.unit) {
      case 'workdays': {
        // "n working days before" a day's end is the opening of office hours on the first of
        // the last n working days (a reminder at opening time, not at midnight).
        const first = nthWorkingDay(from, -(Math.ceil(duration.amount) - 1));
        return new Date(startOfLocalDay(first).getTime() + periodMs[0]![0]);
      }
      case 'workhours':
        return addWorkingHours(from, -duration.amount);
      case 'hours':
        return addCalendarHours(from, -duration.amount);
    }
  }

  function shiftForPause(
    deadline: Date,
    unit: Duration['unit'],
    pausedAt: Date,
    resumedAt: Date,
  ): { deadline: Date; amount: number } {
    if (resumedAt <= pausedAt) return { deadline, amount: 0 };
    switch (unit) {
      case 'workdays': {
        // Whole working days: the day the clock stopped still counted, the day it restarts does not.
        const days = workingDaysBetween(pausedAt, resumedAt);
        return {
          deadline: days > 0 ? endOfLocalDay(nthWorkingDay(deadline, days)) : deadline,
          amount: days,
        };
      }
      case 'workhours': {
        const hours = workingHoursBetween(pausedAt, resumedAt);
        return { deadline: addWorkingHours(deadline, hours), amount: hours };
      }
      case 'hours': {
        const hours = calendarHoursBetween(pausedAt, resumedAt);
        return { deadline: addCalendarHours(deadline, hours), amount: hours };
      }
    }
  }

  return {
    isWorkday,
    describeDay(date) {
      const override = overrides.get(date);
      const holiday = published.holidays[date];
      const workday = published.workdays[date];
      const name = (holiday ?? workday)?.split(',')[1] ?? null;
      if (override)
        return { isWorkday: override.isWorkday, source: 'override', name, note: override.note };
      if (holiday || workday) return { isWorkday: !!workday, source: 'package', name, note: null };
      return { isWorkday: isWorkday(date), source: 'weekday', name: null, note: null };
    },
    nthWorkingDay,
    addWorkingDays: (from, n) => endOfLocalDay(nthWorkingDay(from, n)),
    workingDaysBetween,
    addWorkingHours,
    workingHoursBetween,
    addDuration,
    subtractDuration,
    shiftForPause,
    workingPeriods: periods,
  };
}
