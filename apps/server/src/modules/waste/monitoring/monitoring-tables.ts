// Kysely shapes of the monitoring tables (migrations/0020_waste_monitoring.sql), joined to the
// database type where they are used (monitoringDb), so the platform schema needs no edit.
import type { ColumnType, Generated } from 'kysely';
import type { WasteFenceKind, WasteViolationRule } from '@citygov/contracts';
import type { Db } from '../../../platform/db/database.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
/** jsonb written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;

export interface StoredEvidence {
  positions: unknown[];
  positionCount: number;
  facts: Record<string, unknown>;
}

export interface WasteFenceEventsTable {
  id: Generated<number>;
  region_code: string;
  vehicle_id: number;
  truck_id: number;
  fence_kind: WasteFenceKind;
  fence_id: number;
  event: 'enter' | 'exit';
  at: Timestamp;
  lat: number;
  lon: number;
  is_loaded: boolean;
}

export interface WasteCheckpointsTable {
  id: Generated<number>;
  region_code: string;
  code: string;
  name: string;
  lat: number;
  lon: number;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WasteViolationsTable {
  id: Generated<number>;
  region_code: string;
  rule: WasteViolationRule;
  truck_id: number | null;
  vehicle_id: number | null;
  plate: string;
  company_id: number | null;
  manifest_id: number | null;
  started_at: Timestamp;
  ended_at: NullableTimestamp;
  lat: number;
  lon: number;
  evidence: Json<StoredEvidence>;
  case_id: number | null;
  case_error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WastePlateEventsTable {
  id: Generated<number>;
  region_code: string;
  checkpoint_id: number;
  plate: string;
  captured_at: Timestamp;
  received_at: CreatedAt;
  direction: 'in' | 'out' | null;
  confidence: number | null;
  image_sha256: string | null;
  api_key_id: number | null;
  truck_id: number | null;
  manifest_id: number | null;
  violation_id: number | null;
}

export type MonitoringTables = {
  waste_fence_events: WasteFenceEventsTable;
  waste_checkpoints: WasteCheckpointsTable;
  waste_violations: WasteViolationsTable;
  waste_plate_events: WastePlateEventsTable;
};

export const monitoringDb = (db: Db) => db.withTables<MonitoringTables>();
