// `npm start`: open the platform, load the demo city on first start in demo mode, serve.
import { loadConfig, ConfigError } from './platform/config.ts';
import { DataDirLockedError } from './platform/db/lock.ts';
import { MissingKeyError } from './platform/crypto/personal-data.ts';
import { startServer } from './server.ts';

try {
  const config = loadConfig();
  const server = await startServer(config);
  const stop = async (signal: string) => {
    server.app.log.info({ signal }, 'shutting down');
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', (s) => void stop(s));
  process.once('SIGTERM', (s) => void stop(s));
} catch (error) {
  if (
    error instanceof ConfigError ||
    error instanceof DataDirLockedError ||
    error instanceof MissingKeyError ||
    (error instanceof Error && error.name === 'StartupRefusedError')
  ) {
    console.error(`CityGov cannot start: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
