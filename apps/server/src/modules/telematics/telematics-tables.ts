// Kysely shapes of the telematics tables (migrations/0009_telematics.sql).
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;

export interface VehiclesTable {
  id: Generated<number>;
  plate: string;
  plate_color: Generated<number>;
  terminal_phone: string;
  region_code: string;
  company: string | null;
  status: Generated<'active' | 'suspended' | 'retired'>;
  auth_code_hash: string | null;
  manufacturer_id: string | null;
  terminal_model: string | null;
  terminal_id: string | null;
  vin: string | null;
  is_auto_registered: Generated<boolean>;
  registered_at: NullableTimestamp;
  authenticated_at: NullableTimestamp;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface VehiclePositionsTable {
  vehicle_id: number;
  recorded_at: Timestamp;
  received_at: Timestamp;
  lat: number;
  lon: number;
  speed_kmh: number;
  direction: number;
  altitude_m: number;
  /** bigint: pg returns it as a number when safe (see database.ts). */
  alarm_bits: number;
  status_bits: number;
  is_blind_area: boolean;
  source: 'jt808' | 'http';
  extras: unknown;
  region_code: string;
}

export interface VehicleLatestPositionsTable {
  vehicle_id: number;
  recorded_at: Timestamp;
  received_at: Timestamp;
  lat: number;
  lon: number;
  speed_kmh: number;
  direction: number;
  altitude_m: number;
  alarm_bits: number;
  status_bits: number;
  region_code: string;
}

export interface TelematicsTables {
  vehicles: VehiclesTable;
  vehicle_positions: VehiclePositionsTable;
  vehicle_latest_positions: VehicleLatestPositionsTable;
}
