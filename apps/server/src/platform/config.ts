// One typed configuration object, read from the environment and validated at start.
import path from 'node:path';

export type DatabaseKind = 'pglite' | 'postgres';

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  databaseKind: DatabaseKind;
  /** Demo mode loads the demo city and its accounts; the default when no DATABASE_URL is set. */
  isDemo: boolean;
  /** 32-byte key for personal data at rest (base64); in demo mode a key file in DATA_DIR is used. */
  dataKey: string | undefined;
  auditChains: number;
  sessionTtlHours: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  rateLimitPerMinute: number;
  uploadMaxBytes: number;
  bodyLimitBytes: number;
  logLevel: string;
  isSchedulerEnabled: boolean;
  /** How often each process tails the outbox for live streams and publishes events (ms). */
  eventsPollMs: number;
  /** Published events are deleted after this many days. */
  eventsRetentionDays: number;
  /** Live streams send a heartbeat (and re-check the caller) this often (ms). */
  eventsHeartbeatMs: number;
  /** Memory for applicants' own lists kept between changes (MB; 0 reads every list afresh). */
  mineCacheMb: number;
  /** JT/T 808 vehicle gateway (TCP) in this process; off by default in tests. */
  isJt808Enabled: boolean;
  jt808Port: number;
  timezone: 'Asia/Shanghai';
}

export class ConfigError extends Error {}

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

/** Reads and validates the configuration; throws ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  if (nodeEnv !== 'development' && nodeEnv !== 'production' && nodeEnv !== 'test') {
    throw new ConfigError(`NODE_ENV must be development, production or test, got "${nodeEnv}"`);
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// or postgresql://');
  }
  const dataKey = env.CITYGOV_DATA_KEY || undefined;
  if (dataKey && Buffer.from(dataKey, 'base64').length !== 32) {
    throw new ConfigError('CITYGOV_DATA_KEY must be 32 bytes, base64-encoded');
  }
  return {
    nodeEnv,
    host: env.HOST || '127.0.0.1',
    port: readInt(env, 'PORT', 8080, 0, 65535),
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl,
    databaseKind: databaseUrl ? 'postgres' : 'pglite',
    isDemo: readBool(env, 'DEMO', !databaseUrl),
    dataKey,
    auditChains: readInt(env, 'AUDIT_CHAINS', 16, 1, 1024),
    sessionTtlHours: readInt(env, 'SESSION_TTL_HOURS', 12, 1, 24 * 30),
    loginMaxFailures: readInt(env, 'LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockMinutes: readInt(env, 'LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    rateLimitPerMinute: readInt(env, 'RATE_LIMIT_PER_MINUTE', 6000, 1, 1_000_000_000),
    uploadMaxBytes: readInt(env, 'UPLOAD_MAX_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    bodyLimitBytes: readInt(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    isSchedulerEnabled: readBool(env, 'SCHEDULER', true),
    eventsPollMs: readInt(env, 'EVENTS_POLL_MS', 500, 10, 60_000),
    eventsRetentionDays: readInt(env, 'EVENTS_RETENTION_DAYS', 7, 1, 3650),
    eventsHeartbeatMs: readInt(env, 'EVENTS_HEARTBEAT_MS', 15_000, 100, 300_000),
    mineCacheMb: readInt(env, 'SERVICES_MINE_CACHE_MB', 32, 0, 4096),
    isJt808Enabled: readBool(env, 'JT808_ENABLED', nodeEnv !== 'test'),
    // An ephemeral HTTP port (PORT=0) means a throwaway server: its gateway takes one too.
    jt808Port: readInt(
      env,
      'JT808_PORT',
      nodeEnv === 'test' || env.PORT === '0' ? 0 : 8808,
      0,
      65535,
    ),
    timezone: 'Asia/Shanghai',
  };
}
