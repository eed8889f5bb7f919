// The telematics module's settings, read from the environment and checked like the platform's
// (JT808_PORT and JT808_ENABLED live in the platform config: server.ts needs them).
import { ConfigError, type Config } from '../../platform/config.ts';

export interface TelematicsSettings {
  /** Address the JT/T 808 gateway listens on (JT808_HOST, default HOST). */
  jt808Host: string;
  /** Unknown terminals registering (0x0100) create their vehicle (demo mode by default). */
  isAutoRegistration: boolean;
  /** The terminals' heartbeat period (JT/T 808 parameter 0x0001). */
  heartbeatSeconds: number;
  /** A connection silent this long is closed (default 3 heartbeat periods). */
  idleTimeoutSeconds: number;
  /** A connection must authenticate within this time. */
  authTimeoutSeconds: number;
  maxConnections: number;
  /** Rows buffered before a flush starts (or batchMs, whichever comes first). */
  batchRows: number;
  batchMs: number;
  /** Rows one flush may take when the buffer has grown under load (one INSERT). */
  flushMaxRows: number;
  /** Flushes in flight at once (PostgreSQL may use more than one connection). */
  flushConcurrency: number;
  /** Buffered rows above which the gateway stops reading sockets until storage catches up. */
  bufferHighWaterRows: number;
  /** How often the latest position of each vehicle is written to its table. */
  latestFlushMs: number;
  /** Device times older than this are refused (a terminal with a wrong clock). */
  maxAgeDays: number;
  /** Device times further ahead than this are refused. */
  maxFutureMinutes: number;
  /** Daily partitions older than this are dropped by maintenance; 0 keeps them all. */
  retentionDays: number;
  /** Positions go to PostgreSQL as binary arrays (pg); PGlite takes them as text. */
  isBinaryParameters: boolean;
}

function readInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function readBool(env: NodeJS.ProcessEnv, name: string, fallback: boolean) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** Reads the settings; throws ConfigError naming the bad variable. */
export function readTelematicsSettings(
  config: Pick<Config, 'host' | 'isDemo' | 'databaseKind'>,
  env: NodeJS.ProcessEnv = process.env,
): TelematicsSettings {
  const heartbeatSeconds = readInt(env, 'JT808_HEARTBEAT_SECONDS', 60, 5, 3600);
  return {
    jt808Host: env.JT808_HOST || config.host,
    isAutoRegistration: readBool(env, 'JT808_AUTO_REGISTER', config.isDemo),
    heartbeatSeconds,
    idleTimeoutSeconds: readInt(env, 'JT808_IDLE_TIMEOUT_SECONDS', 3 * heartbeatSeconds, 5, 86400),
    authTimeoutSeconds: readInt(env, 'JT808_AUTH_TIMEOUT_SECONDS', 60, 1, 3600),
    maxConnections: readInt(env, 'JT808_MAX_CONNECTIONS', 50_000, 1, 1_000_000),
    batchRows: readInt(env, 'POSITION_BATCH_ROWS', 500, 1, 50_000),
    batchMs: readInt(env, 'POSITION_BATCH_MS', 200, 1, 10_000),
    flushMaxRows: readInt(env, 'POSITION_FLUSH_MAX_ROWS', 5000, 1, 100_000),
    // PGlite is one session (flushes would only queue); PostgreSQL commits several at once.
    flushConcurrency: readInt(
      env,
      'POSITION_FLUSH_CONCURRENCY',
      config.databaseKind === 'postgres' ? 3 : 1,
      1,
      16,
    ),
    bufferHighWaterRows: readInt(env, 'POSITION_BUFFER_MAX_ROWS', 50_000, 100, 10_000_000),
    latestFlushMs: readInt(env, 'LATEST_POSITION_FLUSH_MS', 1000, 10, 60_000),
    maxAgeDays: readInt(env, 'POSITION_MAX_AGE_DAYS', 30, 1, 3650),
    maxFutureMinutes: readInt(env, 'POSITION_MAX_FUTURE_MINUTES', 10, 0, 24 * 60),
    retentionDays: readInt(env, 'POSITION_RETENTION_DAYS', 0, 0, 36500),
    isBinaryParameters: config.databaseKind === 'postgres',
  };
}
