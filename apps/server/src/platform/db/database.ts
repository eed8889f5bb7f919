// The database connection: embedded PGlite in DATA_DIR, or PostgreSQL via DATABASE_URL.
import path from 'node:path';
import {
  Kysely,
  PostgresDialect,
  sql,
  type PostgresCursor,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from 'kysely';
import pg from 'pg';
import type { DatabaseKind } from '../config.ts';
import { PGlitePool } from './pglite-pool.ts';
import { preparedNameOf } from './prepared.ts';
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

/** pg's pool, with the registered hot statements sent as named prepared statements. */
class PreparingPool implements PostgresPool {
  readonly pool: pg.Pool;
  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.pool.connect();
    function query<R>(
      sql: string,
      parameters: ReadonlyArray<unknown>,
    ): Promise<PostgresQueryResult<R>>;
    function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
    function query(sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>): unknown {
      if (typeof sqlOrCursor === 'string') {
        const name = preparedNameOf(sqlOrCursor);
        const values = parameters as unknown[];
        if (!name) return client.query(sqlOrCursor, values);
        // A Query built from the text and named afterwards: pg copies a {name, text, values}
        // config property by property on every call, which showed in profiles.
        const query = new pg.Query(sqlOrCursor, values) as pg.Query & {
          name: string;
          callback: (error: Error | null, result: unknown) => void;
        };
        query.name = name;
        return new Promise((resolve, reject) => {
          query.callback = (error, result) => (error ? reject(error) : resolve(result));
          client.query(query);
        });
      }
      return client.query(sqlOrCursor as pg.Submittable);
    }
    const wrapped: PostgresPoolClient = { query, release: () => client.release() };
    return wrapped;
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}

/** Opens PostgreSQL at `url` (a pool of `poolSize`). */
export function openPostgres(url: string, poolSize = 10): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8
          ? parseInt8
          : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => {}); // an idle client's error is reported on its next use
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new PreparingPool(pool) }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
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
