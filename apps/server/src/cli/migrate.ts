// `npm run migrate`: applies pending migrations; running it again is a no-op.
import { loadConfig } from '../platform/config.ts';
import { openPGlite, openPostgres } from '../platform/db/database.ts';
import { lockDataDir } from '../platform/db/lock.ts';
import { migrate } from '../platform/db/migrate.ts';

const config = loadConfig();
const release = config.databaseUrl ? () => {} : lockDataDir(config.dataDir);
const database = config.databaseUrl
  ? openPostgres(config.databaseUrl, 1)
  : await openPGlite(config.dataDir);
try {
  const ran = await migrate(database.db);
  console.log(
    ran.length ? `applied ${ran.length} migration(s): ${ran.join(', ')}` : 'schema is up to date',
  );
} finally {
  await database.close();
  release();
}
