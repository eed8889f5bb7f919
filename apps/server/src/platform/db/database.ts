// The database connection: embedded PGlite in DATA_DIR, or PostgreSQL via DATABASE_URL.
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseKind } from '../config.ts';
import { PGlitePool } from './pglite-pool.ts';
import { PipelineLanes } from './pipeline-lanes.ts';
import { PreparingPool, useDirectly } from './prepared.ts';
import type { DB } from './schema.ts';

export interface Database {
  db: Kysely<DB>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export type Db = Kysely<DB>;

const INT8 = 20;
const parseInt8 = (value: string) => {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
};

/**
 * Opens PostgreSQL at `url`: a pool of `poolSize` connections, and up to `lanes` more in
 * pipeline mode for single statements outside transactions (prepared.ts; default two for
 * every three of the pool, 0 for none; DB_PIPELINE_LANES sets it).
 */
export function openPostgres(url: string, poolSize = 10, lanes = defaultLanes(poolSize)): Database {
  const config = {
    connectionString: url,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8
          ? parseInt8
          : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
    },
  };
  const pool = new pg.Pool({ ...config, max: poolSize });
  pool.on('error', () => {}); // an idle client's error is reported on its next use
  const preparing = new PreparingPool(pool, lanes > 0 ? new PipelineLanes(config, lanes) : null);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparing }) });
  useDirectly(db, preparing);
  return { db, kind: 'postgres', close: () => db.destroy() };
}

function defaultLanes(poolSize: number): number {
  const configured = process.env.DB_PIPELINE_LANES;
  if (configured !== undefined && configured !== '') return Math.max(0, Number(configured) || 0);
  // A lane's statements commit one after another, each waiting for its own WAL flush: more
  // lanes, more commits share a flush (six for the default pool; DR-9).
  return 2 * Math.floor(poolSize / 3);
}

/** Opens PGlite in `dataDir/pglite`, or in memory when dataDir is 'memory://'. */
export async function openPGlite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const where = dataDir === 'memory://' ? undefined : path.join(dataDir, 'pglite');
  const pglite = await PGlite.create(where);
  await pglite.exec(`SET TIME ZONE 'Asia/Shanghai'`);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new PGlitePool(pglite) }) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

/** Runs `fn` in one transaction (or inside the caller's one when given a transaction). */
export async function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}

export { sql };
