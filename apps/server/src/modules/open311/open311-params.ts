// Parameters of Open311 calls as the spec writes them: form and query fields as text, dates
// in W3C format (ISO 8601 with a zone), comma-separated lists; errors in the spec's codes.

/** An error the spec defines: its HTTP status goes into the body's code too. */
export class Open311Failure extends Error {
  readonly status: number;
  constructor(status: number, description: string) {
    super(description);
    this.status = status;
  }
}

export type FormFields = Record<string, string | string[] | undefined>;

export const DAY_MS = 86_400_000;
export const MAX_WINDOW_DAYS = 90;
export const MAX_RESULTS = 1000;
export const MAX_DESCRIPTION = 4000;

/** A query string's fields as text: a repeated field (a=1&a=2) reads as a list (1,2). */
export function queryText(query: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!query || typeof query !== 'object') return out;
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    out[key] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return out;
}

/** One value of a field (the first, when repeated); undefined when blank. */
export const single = (fields: FormFields, name: string): string | undefined => {
  const value: unknown = fields[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  // A JSON body may carry numbers (or anything): text fields are read as text.
  const text =
    typeof first === 'string'
      ? first
      : typeof first === 'number' || typeof first === 'boolean'
        ? String(first)
        : undefined;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
};

/**
 * A W3C date-time (2010-01-01T00:00:00Z, with a zone) or a date alone (2010-01-01), which is
 * read as the start of that day in the city's zone (Asia/Shanghai).
 */
export function parseDate(text: string, name: string): Date {
  const isDate = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const isDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(
    text,
  );
  if (!isDate && !isDateTime) {
    throw new Open311Failure(
      400,
      `${name} must be a W3C date-time with a zone, e.g. 2026-03-01T00:00:00+08:00`,
    );
  }
  const at = new Date(isDate ? `${text}T00:00:00+08:00` : text);
  if (Number.isNaN(at.getTime())) throw new Open311Failure(400, `${name} is not a valid date`);
  return at;
}

export function parsePositive(
  text: string | undefined,
  name: string,
  fallback: number,
  max: number,
): number {
  if (text === undefined || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) {
    throw new Open311Failure(400, `${name} must be a whole number from 1 to ${max}`);
  }
  return Number(text);
}

export const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The window of a search on dates: at most 90 days; without dates the last 90 days; with one
 * end only, 90 days from (or up to) it.
 */
export function dateWindow(
  startText: string | undefined,
  endText: string | undefined,
  now: Date,
): { from: Date; to: Date } {
  const end = endText ? parseDate(endText, 'end_date') : undefined;
  const start = startText ? parseDate(startText, 'start_date') : undefined;
  const to = end ?? (start ? new Date(start.getTime() + MAX_WINDOW_DAYS * DAY_MS) : now);
  const from = start ?? new Date(to.getTime() - MAX_WINDOW_DAYS * DAY_MS);
  if (from > to) throw new Open311Failure(400, 'start_date is after end_date');
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw new Open311Failure(400, `start_date to end_date spans more than ${MAX_WINDOW_DAYS} days`);
  }
  return { from, to };
}

/** page and page_size (the common extension): at most 1000 a page. */
export function pageOf(fields: { page?: string; page_size?: string }) {
  const size = parsePositive(fields.page_size, 'page_size', MAX_RESULTS, MAX_RESULTS);
  const page = parsePositive(fields.page, 'page', 1, 100_000);
  return { limit: size, offset: (page - 1) * size };
}
