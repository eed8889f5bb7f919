// A pg-Pool-shaped face over one PGlite instance, so Kysely's PostgresDialect serves both
// databases through one code path. PGlite is a single session: one client at a time.
import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

type Command = PostgresQueryResult<unknown>['command'];

function commandOf(sql: string): Command {
  const word = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sql)?.[1]?.toUpperCase();
  switch (word) {
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
    case 'COMMIT':
    case 'ROLLBACK':
      return word;
    case undefined:
    default:
      return 'SELECT';
  }
}

export class PGlitePool implements PostgresPool {
  readonly pglite: PGlite;
  private tail: Promise<void> = Promise.resolve();

  constructor(pglite: PGlite) {
    this.pglite = pglite;
  }

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise<void>((resolve) => (release = resolve));
    await previous;
    const pglite = this.pglite;
    let isReleased = false;
    const client = {
      async query(sql: string, parameters: ReadonlyArray<unknown>) {
        if (parameters.length === 0 && /;\s*\S/.test(sql)) {
          // several statements (a migration): the simple protocol takes them all
          const results = await pglite.exec(sql);
          const last = results.at(-1);
          return {
            command: commandOf(sql),
            rowCount: last?.affectedRows ?? 0,
            rows: last?.rows ?? [],
          };
        }
        const result = await pglite.query(sql, parameters as unknown[], { rowMode: 'object' });
        return {
          command: commandOf(sql),
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows,
        };
      },
      release() {
        if (isReleased) return;
        isReleased = true;
        release();
      },
    };
    return client as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.tail;
  }
}
