// Opens the platform: database (with the DATA_DIR lock for PGlite), migrations, keys.
import type { Config } from './config.ts';
import { openPGlite, openPostgres, type Database } from './db/database.ts';
import { lockDataDir } from './db/lock.ts';
import { migrate } from './db/migrate.ts';
import { createCipher, loadDataKey } from './crypto/personal-data.ts';
import { setAuditChainCount } from './audit/ledger.ts';
import type { AppContext } from './http/context.ts';

export interface Platform {
  ctx: AppContext;
  database: Database;
  close(): Promise<void>;
}

/** Opens the database named by the configuration and brings its schema up to date. */
export async function openPlatform(
  config: Config,
  opts: { poolSize?: number } = {},
): Promise<Platform> {
  setAuditChainCount(config.auditChains);
  let releaseLock = () => {};
  let database: Database;
  if (config.databaseUrl) {
    database = openPostgres(config.databaseUrl, opts.poolSize ?? 10);
  } else {
    releaseLock = lockDataDir(config.dataDir);
    database = await openPGlite(config.dataDir);
  }
  try {
    await migrate(database.db);
  } catch (error) {
    await database.close();
    releaseLock();
    throw error;
  }
  const cipher = createCipher(
    loadDataKey({ envKey: config.dataKey, dataDir: config.dataDir, isDemo: config.isDemo }),
  );
  const ctx: AppContext = { config, db: database.db, dbKind: database.kind, cipher };
  return {
    ctx,
    database,
    async close() {
      await database.close();
      releaseLock();
    },
  };
}
