// The one way the app talks to the server: JSON over fetch, CSRF header on writes, and
// errors as ApiError carrying the server's {code, message, details}.
import type { ErrorBody, ErrorCode } from '@citygov/contracts';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }

  /** The request field the server blamed, if any. */
  get field(): string | undefined {
    const f = this.details?.field;
    return typeof f === 'string' ? f : undefined;
  }
}

export function csrfToken(): string | undefined {
  return document.cookie
    .split('; ')
    .find((c) => c.startsWith('cg_csrf='))
    ?.slice('cg_csrf='.length);
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined && !(body instanceof FormData))
    headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
  } catch {
    // fetch rejects only when the network fails; errorText() shows it as such.
    throw new TypeError('network');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    // A proxy's HTML error page, not our API.
    data = undefined;
  }
  if (!res.ok) {
    const isErrorBody =
      typeof data === 'object' && data !== null && 'code' in data && 'message' in data;
    const err = isErrorBody
      ? (data as ErrorBody)
      : { code: res.status >= 500 ? 'unavailable' : 'bad_request', message: res.statusText };
    throw new ApiError(res.status, err as ErrorBody);
  }
  return data as T;
}

type QueryValue = string | number | boolean | undefined | null;

/** A path with a query string; undefined, null and empty values are left out. */
export function withQuery(path: string, query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query) as [string, QueryValue][]) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body?: unknown) => api<T>('PUT', path, body ?? {});
export const del = <T>(path: string) => api<T>('DELETE', path);
