// Wiring: one position pipeline per application (HTTP ingestion and the gateway share it),
// the JT/T 808 gateway and partition maintenance started beside the HTTP server.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/http/context.ts';
import { Jt808Gateway } from './jt808-gateway.ts';
import { dropExpiredPartitions, ensurePartitionsAhead } from './partitions.ts';
import { PositionPipeline } from './position-pipeline.ts';
import { registerTelematicsRoutes } from './routes.ts';
import { readTelematicsSettings, type TelematicsSettings } from './settings.ts';
import { partitionsCreated } from './telematics-metrics.ts';

interface ModuleState {
  pipeline: PositionPipeline;
  settings: TelematicsSettings;
}

const states = new WeakMap<AppContext, ModuleState>();

const MAINTENANCE_MS = 3_600_000;

/** Registers the routes and the position pipeline (flushed when the app closes). */
export function registerTelematics(app: FastifyInstance, ctx: AppContext): void {
  const settings = readTelematicsSettings(ctx.config);
  const pipeline = new PositionPipeline(ctx.db, settings, app.log);
  states.set(ctx, { pipeline, settings });
  app.addHook('onClose', async () => {
    await pipeline.close();
  });
  registerTelematicsRoutes(app, ctx, pipeline, settings);
}

function stateOf(ctx: AppContext): ModuleState {
  const state = states.get(ctx);
  if (state === undefined) throw new Error('the telematics module is not registered on this app');
  return state;
}

/** The pipeline positions go through (for tests and tools that feed it directly). */
export const getPositionPipeline = (ctx: AppContext): PositionPipeline => stateOf(ctx).pipeline;

export interface StartTelematicsOptions {
  isGatewayEnabled: boolean;
  port: number;
  /** Overrides of the settings read from the environment (tests). */
  settings?: Partial<TelematicsSettings>;
}

export interface TelematicsRuntime {
  /** Where the gateway listens; null when it is off or could not bind (outside production). */
  gatewayAddress: AddressInfo | null;
  gateway: Jt808Gateway | null;
  /** Partition maintenance now (it also runs every hour). */
  maintain(): Promise<void>;
  /** Stops the gateway (what it read is stored and answered first) and maintenance. */
  stop(): Promise<void>;
}

/**
 * Starts partition maintenance and, when enabled, the JT/T 808 gateway. Outside production a
 * gateway that cannot bind its port is logged and skipped (a second development server).
 */
export async function startTelematics(
  app: FastifyInstance,
  ctx: AppContext,
  options: StartTelematicsOptions,
): Promise<TelematicsRuntime> {
  const state = stateOf(ctx);
  const settings = { ...state.settings, ...options.settings };
  const log = app.log;
  const maintain = async () => {
    try {
      const created = await ensurePartitionsAhead(ctx.db, Date.now());
      if (created > 0) partitionsCreated.inc(created);
      if (settings.retentionDays > 0) {
        const dropped = await dropExpiredPartitions(ctx.db, Date.now(), settings.retentionDays);
        if (dropped > 0) log.info({ dropped }, 'dropped expired position partitions');
      }
    } catch (error) {
      log.error({ err: error }, 'position partition maintenance failed');
    }
  };
  await maintain();
  const timer = setInterval(() => void maintain(), MAINTENANCE_MS);
  timer.unref();
  let gateway: Jt808Gateway | null = null;
  let gatewayAddress: AddressInfo | null = null;
  if (options.isGatewayEnabled) {
    const candidate = new Jt808Gateway({
      db: ctx.db,
      pipeline: state.pipeline,
      settings,
      log,
      host: settings.jt808Host,
      port: options.port,
    });
    try {
      gatewayAddress = await candidate.start();
      gateway = candidate;
    } catch (error) {
      if (ctx.config.nodeEnv === 'production') {
        clearInterval(timer);
        throw error;
      }
      log.error({ err: error, port: options.port }, 'JT/T 808 gateway not started');
    }
  }
  return {
    gatewayAddress,
    gateway,
    maintain,
    async stop() {
      clearInterval(timer);
      await gateway?.stop();
    },
  };
}
