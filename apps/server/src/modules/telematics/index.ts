// Telematics (vehicles with JT/T 808 terminals): the TCP gateway, positions stored by day,
// tracks and latest positions, HTTP batch ingestion, and position listeners for the modules
// that watch vehicles (geofences, waste-transport rules).
import { grantPermissions } from '../../platform/auth/permissions.ts';
import { TELEMATICS_INGEST } from './ingest.ts';
import { VEHICLES_MANAGE, VEHICLES_READ } from './vehicles.ts';

grantPermissions({
  dispatcher: [VEHICLES_READ],
  inspector: [VEHICLES_READ],
  supervisor: [VEHICLES_READ],
  leader: [VEHICLES_READ],
  // An admin issues the API keys of forwarding platforms, so holds what those keys carry.
  admin: [VEHICLES_READ, VEHICLES_MANAGE, TELEMATICS_INGEST],
});

export { registerTelematics, startTelematics, getPositionPipeline } from './runtime.ts';
export type { StartTelematicsOptions, TelematicsRuntime } from './runtime.ts';
export { onPosition } from './position-listeners.ts';
export type { PositionListener } from './position-listeners.ts';
export { isPositioned } from './vehicle-position.ts';
export type { VehiclePosition, VehicleRef } from './vehicle-position.ts';
export type { PositionPipeline } from './position-pipeline.ts';
export { readTelematicsSettings } from './settings.ts';
export type { TelematicsSettings } from './settings.ts';
export { VEHICLES_MANAGE, VEHICLES_READ } from './vehicles.ts';
export { TELEMATICS_INGEST } from './ingest.ts';
