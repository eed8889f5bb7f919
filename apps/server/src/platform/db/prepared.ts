// Named prepared statements for the hot paths (DR-10). A statement registered here is parsed
// and planned once per PostgreSQL connection and then only bound and executed; everything else
// goes through the unnamed statement as before. PGlite runs them as ordinary queries.
import {
  CompiledQuery,
  type PostgresCursor,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from 'kysely';
import pg from 'pg';
import type { Db } from './database.ts';
import type { PipelineLanes } from './pipeline-lanes.ts';

const namesByText = new Map<string, string>();
const names = new Set<string>();

/**
 * Registers `text` under `name` (once, at module load) and answers the text, to run with
 * runStatement (or `db.executeQuery(CompiledQuery.raw(text, parameters))`).
 */
export function preparedStatement(name: string, text: string): string {
  if (namesByText.get(text) === name) return text;
  if (names.has(name)) throw new Error(`prepared statement "${name}" is registered twice`);
  names.add(name);
  namesByText.set(text, name);
  return text;
}

type NamedQuery = pg.Query & {
  name: string;
  callback: (error: Error | null, result: pg.QueryResult) => void;
};

/** Runs `text` on `client`: as its named prepared statement when it is one. */
function queryOn(client: pg.ClientBase, text: string, values: unknown[]): Promise<pg.QueryResult> {
  const name = namesByText.get(text);
  if (!name) return client.query(text, values);
  // A Query built from the text and named afterwards: pg copies a {name, text, values} config
  // property by property on every call, which showed in profiles.
  const query = new pg.Query(text, values) as NamedQuery;
  query.name = name;
  return new Promise((resolve, reject) => {
    query.callback = (error, result) => (error ? reject(error) : resolve(result));
    client.query(query);
  });
}

/** pg's pool as Kysely sees it, with the registered statements sent as named ones. */
export class PreparingPool implements PostgresPool {
  readonly pool: pg.Pool;
  readonly lanes: PipelineLanes | null;
  constructor(pool: pg.Pool, lanes: PipelineLanes | null) {
    this.pool = pool;
    this.lanes = lanes;
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
        return queryOn(client, sqlOrCursor, parameters as unknown[]);
      }
      return client.query(sqlOrCursor as pg.Submittable);
    }
    const wrapped: PostgresPoolClient = { query, release: () => client.release() };
    return wrapped;
  }

  /** Runs one statement outside Kysely: on a pipeline lane, or on a pooled client of its own. */
  async run<R>(text: string, values: unknown[]): Promise<R[]> {
    if (this.lanes) {
      return (await this.lanes.run((client) => queryOn(client, text, values))).rows as R[];
    }
    const client = await this.pool.connect();
    try {
      return (await queryOn(client, text, values)).rows as R[];
    } finally {
      client.release();
    }
  }

  async end(): Promise<void> {
    await this.lanes?.end();
    await this.pool.end();
  }
}

const directPools = new WeakMap<object, PreparingPool>();

/** Lets runStatement reach `db`'s pool directly. */
export function useDirectly(db: Db, pool: PreparingPool): void {
  directPools.set(db, pool);
}

/**
 * Runs a statement and answers its rows: on a PostgreSQL database (not in a transaction)
 * outside Kysely's per-query machinery, pipelined with other such statements; in a transaction
 * or on PGlite through Kysely.
 */
export async function runStatement<R>(db: Db, text: string, values: unknown[]): Promise<R[]> {
  const pool = directPools.get(db);
  if (pool) return pool.run<R>(text, values);
  return (await db.executeQuery<R>(CompiledQuery.raw(text, values))).rows;
}
