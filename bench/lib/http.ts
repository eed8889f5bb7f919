// The HTTP side of the load generator: one undici Pool per server, logins that yield the
// cookie + CSRF headers, and JSON calls that fail loudly on an unexpected status.
import { Pool } from 'undici';

export interface Session {
  username: string;
  /** Headers that authenticate a request: the session cookie and the CSRF token. */
  headers: Record<string, string>;
}

export class HttpStatusError extends Error {
  readonly status: number;
  constructor(method: string, path: string, status: number, body: string) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 300)}`);
    this.status = status;
  }
}

/** A keep-alive pool of `connections` connections, one request at a time on each. */
export function openPool(baseUrl: string, connections: number): Pool {
  return new Pool(baseUrl, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: 60_000,
    bodyTimeout: 60_000,
  });
}

/** Sends one JSON request; resolves with the parsed body of a 2xx answer, throws otherwise. */
export async function callJson<T = unknown>(
  pool: Pool,
  method: 'GET' | 'POST',
  path: string,
  session: Session | null,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { ...session?.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await pool.request({
    method,
    path,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode < 200 || res.statusCode > 299) {
    throw new HttpStatusError(method, path, res.statusCode, text);
  }
  return (text ? JSON.parse(text) : null) as T;
}

/**
 * Sends one JSON request and only checks its status: the answer is read and dropped, not
 * parsed, so the load generator spends less of the machine the server shares with it.
 */
export async function send(
  pool: Pool,
  method: 'GET' | 'POST',
  path: string,
  session: Session | null,
  body?: unknown,
): Promise<void> {
  const headers: Record<string, string> = { ...session?.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await pool.request({
    method,
    path,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (res.statusCode < 200 || res.statusCode > 299) {
    throw new HttpStatusError(method, path, res.statusCode, await res.body.text());
  }
  await res.body.dump({ limit: 1 << 20 }); // read to the end: the connection stays reusable
}

/** The name=value pairs of Set-Cookie headers. */
export function readSetCookies(header: string | string[] | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of header === undefined ? [] : Array.isArray(header) ? header : [header]) {
    const pair = line.split(';', 1)[0]!;
    const eq = pair.indexOf('=');
    if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return cookies;
}

/** Logs in through POST /api/auth/login and returns the headers later requests need. */
export async function logIn(pool: Pool, username: string, password: string): Promise<Session> {
  const res = await pool.request({
    method: 'POST',
    path: '/api/auth/login',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) {
    throw new HttpStatusError('POST', '/api/auth/login', res.statusCode, text);
  }
  const cookies = readSetCookies(res.headers['set-cookie']);
  const csrf = cookies.get('cg_csrf');
  if (!csrf) throw new Error(`login of ${username} set no cg_csrf cookie`);
  const cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return { username, headers: { cookie, 'x-csrf-token': csrf } };
}
