// Starts the whole server: platform, demo data, HTTP, background jobs.
import type { FastifyInstance } from 'fastify';
import type { Config } from './platform/config.ts';
import { openPlatform } from './platform/bootstrap.ts';
import { buildApp } from './app.ts';
import { createScheduler } from './platform/scheduler/scheduler.ts';
import { startEventPublisher } from './platform/events/index.ts';
import { logChannel, setChannel } from './platform/notify/notifier.ts';
import { pino } from 'pino';
import { seedDemoCity } from './demo/index.ts';
import { startTelematics } from './modules/telematics/index.ts';

export class StartupRefusedError extends Error {
  override name = 'StartupRefusedError';
}

export interface RunningServer {
  app: FastifyInstance;
  stop(): Promise<void>;
}

export async function startServer(config: Config): Promise<RunningServer> {
  const platform = await openPlatform(config);
  const { ctx } = platform;
  try {
    if (config.nodeEnv === 'production') {
      const demo = await ctx.db
        .selectFrom('users')
        .select('username')
        .where('is_demo', '=', true)
        .where('is_disabled', '=', false)
        .executeTakeFirst();
      if (demo) {
        throw new StartupRefusedError(
          `NODE_ENV=production but the demo account "${demo.username}" is enabled. ` +
            'Disable the demo accounts (npm run seed -- --disable-demo) before running in production.',
        );
      }
      const demoKey = await ctx.db
        .selectFrom('api_keys')
        .select('name')
        .where('is_demo', '=', true)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (demoKey) {
        throw new StartupRefusedError(
          `NODE_ENV=production but the demo API key "${demoKey.name}" is not revoked. ` +
            'Run npm run seed -- --disable-demo before running in production.',
        );
      }
    }
    // Demo mode: the demo city on first start (never in production, where no account may
    // have the password "demo").
    if (config.isDemo && config.nodeEnv !== 'production') {
      const log = pino({ level: config.logLevel });
      await seedDemoCity(ctx, { log: (message) => log.info(message) });
    }
  } catch (error) {
    await platform.close();
    throw error;
  }
  const app = await buildApp(ctx).catch(async (error: unknown) => {
    await platform.close();
    throw error;
  });
  // No SMS gateway or mail server is configured by default: copies go to the log.
  for (const name of ['sms', 'email'] as const) {
    setChannel(logChannel(name, (obj, msg) => app.log.info(obj, msg)));
  }
  await app.listen({ host: config.host, port: config.port }).catch(async (error: unknown) => {
    await app.close();
    await platform.close();
    throw error;
  });
  const scheduler = config.isSchedulerEnabled ? createScheduler(ctx.db, { log: app.log }) : null;
  scheduler?.start();
  // The JT/T 808 gateway (TCP) beside HTTP, and position partition maintenance.
  const telematics = await startTelematics(app, ctx, {
    isGatewayEnabled: config.isJt808Enabled,
    port: config.jt808Port,
  }).catch(async (error: unknown) => {
    await scheduler?.stop();
    await app.close();
    await platform.close();
    throw error;
  });
  // Module handlers of outbox events (once across processes) and the retention job.
  const events = startEventPublisher(ctx, { log: app.log });
  return {
    app,
    async stop() {
      await scheduler?.stop();
      await events.stop();
      await telematics.stop();
      await app.close();
      await platform.close();
    },
  };
}
