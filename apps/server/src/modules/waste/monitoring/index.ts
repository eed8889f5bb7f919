// Construction-waste monitoring (建筑渣土 监控): geofences and violation rules on every truck
// position, violations with evidence opening city-management cases, checkpoint plate events,
// the live vehicles layer. Registered beside the waste module's own routes.
import type { FastifyInstance } from 'fastify';
import { grantPermissions } from '../../../platform/auth/permissions.ts';
import type { AppContext } from '../../../platform/http/context.ts';
import { registerPeriodicJob } from '../../../platform/scheduler/index.ts';
import { WASTE_CHECKPOINTS_MANAGE, WASTE_PLATE_EVENTS } from './checkpoints.ts';
import { findUnarrivedManifests } from './manifest-arrivals.ts';
import { WasteMonitor } from './monitor.ts';
import { readMonitoringSettings } from './monitoring-settings.ts';
import { registerMonitoringRoutes, WASTE_MONITORING_SETTINGS } from './monitoring-routes.ts';
import { openViolationCase } from './violation-cases.ts';
import { WASTE_MONITOR_READ } from './violation-queries.ts';

grantPermissions({
  admin: [
    WASTE_MONITOR_READ,
    WASTE_CHECKPOINTS_MANAGE,
    WASTE_MONITORING_SETTINGS,
    // An admin issues the checkpoint cameras' API keys, so holds what those keys carry.
    WASTE_PLATE_EVENTS,
  ],
  waste_officer: [WASTE_MONITOR_READ, WASTE_CHECKPOINTS_MANAGE, WASTE_MONITORING_SETTINGS],
  dispatcher: [WASTE_MONITOR_READ],
  inspector: [WASTE_MONITOR_READ],
  handler: [WASTE_MONITOR_READ],
  supervisor: [WASTE_MONITOR_READ],
  leader: [WASTE_MONITOR_READ],
});

const monitors = new WeakMap<AppContext, WasteMonitor>();

/** The monitor of an application (tests, tools). */
export function getWasteMonitor(ctx: AppContext): WasteMonitor {
  const monitor = monitors.get(ctx);
  if (monitor === undefined) throw new Error('waste monitoring is not registered on this app');
  return monitor;
}

/** Checks manifests that never arrived and opens their cases (the scheduler job's body). */
export async function checkManifestArrivals(ctx: AppContext, now = new Date()): Promise<number> {
  const settings = await readMonitoringSettings(ctx.db);
  const written = await findUnarrivedManifests(ctx.db, settings.arrivalTimeoutMinutes, now);
  if (settings.caseRules.includes('manifest_not_arrived')) {
    for (const violation of written) {
      await openViolationCase(
        ctx,
        {
          id: violation.id,
          rule: violation.rule,
          truckId: violation.party.truckId,
          plate: violation.party.plate,
          companyName: null,
          manifestNo: null,
          startedAt: violation.startedAt,
          lat: violation.lat,
          lon: violation.lon,
        },
        settings.caseJoinMinutes,
      );
    }
  }
  return written.length;
}

/**
 * Routes, the monitor (started when the app is ready: it loads fences, trucks and manifests,
 * then listens to positions) and the arrival check (a shared job, once a minute).
 */
export function registerWasteMonitoring(app: FastifyInstance, ctx: AppContext): void {
  const monitor = new WasteMonitor(ctx, app.log);
  monitors.set(ctx, monitor);
  registerMonitoringRoutes(app, ctx, monitor);
  app.addHook('onReady', async () => {
    await monitor.start();
  });
  app.addHook('onClose', async () => {
    await monitor.stop();
  });
  registerPeriodicJob({
    name: 'waste.manifest-arrivals',
    intervalSeconds: 60,
    // The job runs on the scheduler's database; the rest of the context is this app's.
    run: async (db) => {
      await checkManifestArrivals({ ...ctx, db });
    },
  });
}

export type { WasteMonitor } from './monitor.ts';
