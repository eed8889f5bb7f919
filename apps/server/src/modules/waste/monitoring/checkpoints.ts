// Checkpoints (卡口) with plate cameras and the plate events they post. A camera posts with an
// API key carrying waste:plate-events in the checkpoint's region; a key bound to a device may
// post only for the checkpoint whose code is that device id. A registered waste truck read with
// enough confidence and travelling with no open manifest is a checkpoint_no_manifest violation.
// Plates that belong to no registered waste truck are stored and not judged: the cameras read
// every vehicle on the road, not only muck trucks.
import type {
  CreateWasteCheckpointBody,
  PlateEventBody,
  PlateEventResult,
  WasteCheckpoint,
  WasteCheckpointList,
} from '@citygov/contracts';
import { actorOf, can, type Principal } from '../../../platform/auth/principal.ts';
import { appendAudit } from '../../../platform/audit/ledger.ts';
import { inTransaction, type Db } from '../../../platform/db/database.ts';
import { AppError, forbidden, invalid, notFound } from '../../../platform/errors.ts';
import { isInsideCity } from '../../../platform/geo/city.ts';
import { findTruckByPlate, listOpenManifestsOfTruck } from '../index.ts';
import { monitoringDb } from './monitoring-tables.ts';
import { readablePrefixes } from './violation-queries.ts';
import type { StoredViolation } from './violation-writer.ts';

export const WASTE_CHECKPOINTS_MANAGE = 'waste:checkpoints-manage';
export const WASTE_PLATE_EVENTS = 'waste:plate-events';

const MAX_AGE_MS = 7 * 86_400_000;
const MAX_AHEAD_MS = 10 * 60_000;

type CheckpointRow = {
  id: number;
  region_code: string;
  code: string;
  name: string;
  lat: number;
  lon: number;
  is_active: boolean;
};

const toCheckpoint = (r: CheckpointRow): WasteCheckpoint => ({
  id: r.id,
  code: r.code,
  name: r.name,
  regionCode: r.region_code,
  lat: r.lat,
  lon: r.lon,
  isActive: r.is_active,
});

const checkpointColumns = ['id', 'region_code', 'code', 'name', 'lat', 'lon', 'is_active'] as const;

export async function listCheckpoints(db: Db, principal: Principal): Promise<WasteCheckpointList> {
  const prefixes = readablePrefixes(principal);
  if (prefixes.length === 0) return { items: [] };
  const rows = await monitoringDb(db)
    .selectFrom('waste_checkpoints')
    .select(checkpointColumns)
    .where((eb) => eb.or(prefixes.map((p) => eb('region_code', 'like', `${p}%`))))
    .orderBy('code')
    .execute();
  return { items: rows.map(toCheckpoint) };
}

export async function createCheckpoint(
  db: Db,
  principal: Principal,
  body: CreateWasteCheckpointBody,
): Promise<WasteCheckpoint> {
  if (!can(principal, WASTE_CHECKPOINTS_MANAGE, { regionCode: body.regionCode })) {
    throw forbidden(`You may not add checkpoints in region ${body.regionCode}`);
  }
  if (!isInsideCity(body.lon, body.lat)) {
    throw invalid('lat', 'the checkpoint must lie within the city (WGS-84 lat/lon)');
  }
  return inTransaction(db, async (trx) => {
    const clash = await monitoringDb(trx)
      .selectFrom('waste_checkpoints')
      .select('id')
      .where('code', '=', body.code)
      .executeTakeFirst();
    if (clash) {
      throw new AppError('conflict', `checkpoint code ${body.code} is taken`, { field: 'code' });
    }
    const row = await monitoringDb(trx)
      .insertInto('waste_checkpoints')
      .values({
        region_code: body.regionCode,
        code: body.code,
        name: body.name.trim(),
        lat: body.lat,
        lon: body.lon,
      })
      .returning(checkpointColumns)
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: actorOf(principal),
      action: 'waste.checkpoint.created',
      subjectType: 'waste_checkpoint',
      subjectId: row.id,
      regionCode: row.region_code,
      data: { code: row.code, name: row.name },
    });
    return toCheckpoint(row);
  });
}

export interface PlateEventOutcome {
  result: PlateEventResult;
  /** The violation to open a case for (when the rule opens cases). */
  violation: StoredViolation | null;
}

/** Stores a camera's plate read and judges it; a repeated post returns the first one. */
export async function recordPlateEvent(
  db: Db,
  principal: Principal,
  checkpointId: number,
  body: PlateEventBody,
  options: { minConfidence: number; now?: Date },
): Promise<PlateEventOutcome> {
  if (principal.kind !== 'api_key' || principal.apiKey === null) {
    throw forbidden('Plate events are posted by checkpoint cameras with an API key');
  }
  const checkpoint = await monitoringDb(db)
    .selectFrom('waste_checkpoints')
    .select(checkpointColumns)
    .where('id', '=', checkpointId)
    .executeTakeFirst();
  if (!checkpoint || !can(principal, WASTE_PLATE_EVENTS, { regionCode: checkpoint.region_code })) {
    throw notFound('checkpoint', checkpointId);
  }
  if (!checkpoint.is_active) throw invalid('id', `checkpoint ${checkpoint.code} is not in service`);
  const deviceId = principal.apiKey.deviceId;
  if (deviceId !== null && deviceId !== checkpoint.code) {
    throw forbidden(`This key belongs to device ${deviceId}, not checkpoint ${checkpoint.code}`);
  }
  const now = options.now ?? new Date();
  const capturedAt = new Date(body.capturedAt);
  if (
    capturedAt.getTime() < now.getTime() - MAX_AGE_MS ||
    capturedAt.getTime() > now.getTime() + MAX_AHEAD_MS
  ) {
    throw invalid('capturedAt', 'capturedAt must lie within the last 7 days (camera clock?)');
  }
  const plate = body.plate.trim().toUpperCase();
  const truck = await findTruckByPlate(db, plate);
  const isJudged =
    truck !== null && truck.status !== 'retired' && (body.confidence ?? 1) >= options.minConfidence;
  const manifests = truck === null ? [] : await listOpenManifestsOfTruck(db, truck.id);
  const manifest = manifests.find((m) => m.isLoaded) ?? manifests.at(-1) ?? null;

  return inTransaction(db, async (trx) => {
    const events = monitoringDb(trx);
    const inserted = await events
      .insertInto('waste_plate_events')
      .values({
        region_code: checkpoint.region_code,
        checkpoint_id: checkpoint.id,
        plate,
        captured_at: capturedAt,
        direction: body.direction ?? null,
        confidence: body.confidence ?? null,
        image_sha256: body.imageSha256 ?? null,
        api_key_id: principal.apiKey!.id,
        truck_id: truck?.id ?? null,
        manifest_id: manifest?.id ?? null,
      })
      .onConflict((oc) => oc.columns(['checkpoint_id', 'plate', 'captured_at']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) {
      const first = await events
        .selectFrom('waste_plate_events')
        .select(['id', 'truck_id', 'manifest_id', 'violation_id'])
        .where('checkpoint_id', '=', checkpoint.id)
        .where('plate', '=', plate)
        .where('captured_at', '=', capturedAt)
        .executeTakeFirstOrThrow();
      return {
        result: {
          id: Number(first.id),
          checkpointId: checkpoint.id,
          plate,
          capturedAt: capturedAt.toISOString(),
          truckId: first.truck_id,
          manifestId: first.manifest_id === null ? null : Number(first.manifest_id),
          violationId: first.violation_id === null ? null : Number(first.violation_id),
          isDuplicate: true,
        },
        violation: null,
      };
    }
    const eventId = Number(inserted.id);
    let violation: StoredViolation | null = null;
    if (isJudged && manifest === null) {
      const party = {
        truckId: truck.id,
        vehicleId: truck.vehicleId,
        plate: truck.plate,
        companyId: truck.companyId,
        regionCode: truck.regionCode,
        manifestId: null,
      };
      const row = await events
        .insertInto('waste_violations')
        .values({
          region_code: truck.regionCode,
          rule: 'checkpoint_no_manifest',
          truck_id: truck.id,
          vehicle_id: truck.vehicleId,
          plate: truck.plate,
          company_id: truck.companyId,
          manifest_id: null,
          started_at: capturedAt,
          ended_at: capturedAt,
          lat: checkpoint.lat,
          lon: checkpoint.lon,
          evidence: JSON.stringify({
            positions: [],
            positionCount: 0,
            facts: {
              checkpoint: { id: checkpoint.id, code: checkpoint.code, name: checkpoint.name },
              plateEventId: eventId,
              capturedAt: capturedAt.toISOString(),
              direction: body.direction ?? null,
              confidence: body.confidence ?? null,
              imageSha256: body.imageSha256 ?? null,
            },
          }),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await events
        .updateTable('waste_plate_events')
        .set({ violation_id: row.id })
        .where('id', '=', eventId)
        .execute();
      violation = {
        id: Number(row.id),
        rule: 'checkpoint_no_manifest',
        party,
        startedAt: capturedAt,
        lat: checkpoint.lat,
        lon: checkpoint.lon,
      };
    }
    return {
      result: {
        id: eventId,
        checkpointId: checkpoint.id,
        plate,
        capturedAt: capturedAt.toISOString(),
        truckId: truck?.id ?? null,
        manifestId: manifest?.id ?? null,
        violationId: violation?.id ?? null,
        isDuplicate: false,
      },
      violation,
    };
  });
}
