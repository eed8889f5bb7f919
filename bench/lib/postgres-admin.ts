// Scratch databases on the benchmark's PostgreSQL server, through psql (the client tools
// come with pgbench, so no driver is needed here).
import { runCommand } from './commands.ts';

const safeName = /^[a-z_][a-z0-9_]*$/;

function checkName(name: string) {
  if (!safeName.test(name)) throw new Error(`unsafe database name "${name}"`);
}

/** The URL of database `name` on the server of `adminUrl`. */
export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs one SQL statement as the admin and returns psql's unaligned output. */
export async function runAdminSql(adminUrl: string, statement: string): Promise<string> {
  const { stdout } = await runCommand('psql', [
    '-X',
    '-q',
    '-A',
    '-t',
    '-v',
    'ON_ERROR_STOP=1',
    '-d',
    adminUrl,
    '-c',
    statement,
  ]);
  return stdout.trim();
}

/** Drops database `name` if it exists (closing its connections) and creates it empty. */
export async function recreateDatabase(adminUrl: string, name: string): Promise<string> {
  checkName(name);
  await runAdminSql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await runAdminSql(adminUrl, `CREATE DATABASE ${name}`);
  return databaseUrl(adminUrl, name);
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  checkName(name);
  await runAdminSql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/** The server's version string, e.g. "15.20 (Debian 15.20-0+deb12u1)". */
export async function readServerVersion(adminUrl: string): Promise<string> {
  return runAdminSql(adminUrl, 'SHOW server_version');
}

/** Settings that decide what a commit and a cache miss cost, recorded with the results. */
export async function readPostgresSettings(adminUrl: string): Promise<Record<string, string>> {
  const rows = await runAdminSql(
    adminUrl,
    `SELECT name || '=' || current_setting(name) FROM pg_settings
      WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'max_connections',
        'wal_sync_method', 'autovacuum', 'max_wal_size', 'checkpoint_timeout')
      ORDER BY name`,
  );
  return Object.fromEntries(rows.split('\n').map((line) => line.split('=') as [string, string]));
}

/** Process ids of the server backends connected to database `name`. */
export async function listBackendPids(adminUrl: string, name: string): Promise<number[]> {
  checkName(name);
  const out = await runAdminSql(
    adminUrl,
    `SELECT pid FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`,
  );
  return out.split('\n').filter(Boolean).map(Number);
}
