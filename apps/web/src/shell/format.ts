// Dates and numbers in the user's language; the city's clock (Asia/Shanghai) for every time shown.
import type { LocalizedLabel } from '@citygov/contracts';
import { currentLanguage } from '../i18n/index.ts';

export const CITY_TIME_ZONE = 'Asia/Shanghai';

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, options: Intl.DateTimeFormatOptions) {
  const lang = currentLanguage();
  const id = `${lang}|${key}`;
  let f = cache.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { timeZone: CITY_TIME_ZONE, ...options });
    cache.set(id, f);
  }
  return f;
}

/** e.g. 2026/11/28 15:56 (zh-CN) or 28 Nov 2026, 15:56 (en). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return formatter('dt', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return formatter('d', { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
}

export function formatNumber(n: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(currentLanguage(), {
    maximumFractionDigits: fractionDigits,
  }).format(n);
}

/** The calendar date (YYYY-MM-DD) of an instant on the city's clock. */
export function cityDateOf(instant: Date | string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: CITY_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
}

/** YYYY-MM-DD plus n days (calendar arithmetic on the date alone). */
export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The label in the current language. */
export const localized = (label: LocalizedLabel) =>
  currentLanguage() === 'en' ? label.en : label.zh;

/** A <input type="datetime-local"> value read on the city's clock (UTC+8, no daylight saving). */
export function cityInputToIso(value: string): string {
  return new Date(`${value}:00+08:00`).toISOString();
}
