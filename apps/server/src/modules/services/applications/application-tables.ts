// The applications' tables (migration 0010_applications.sql).
import type { ColumnType, Generated } from 'kysely';
import type { ServiceChannel } from '@citygov/contracts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface ServiceApplicationsTable {
  id: Generated<number>;
  number: string;
  region_code: string;
  department_id: number;
  item_id: number;
  item_code: string;
  item_name: string;
  type_code: string;
  promised_limit_days: number;
  instance_id: number | null;
  applicant_kind: 'person' | 'enterprise';
  applicant_person_id: number | null;
  applicant_enterprise_id: number | null;
  applicant_name: string;
  applicant_id_hint: string;
  owner_user_id: number | null;
  channel: ServiceChannel;
  submitted_by: string;
  submitted_by_api_key_id: number | null;
  form: ColumnType<Record<string, unknown>, string, string>;
  supplement_count: Generated<number>;
  licence_number: string | null;
  created_at: CreatedAt;
}

export interface ServiceApplicationMaterialsTable {
  id: Generated<number>;
  application_id: number;
  region_code: string;
  material_seq: number;
  material_name: string;
  round: Generated<number>;
  kind: 'file' | 'licence';
  file_sha256: string | null;
  licence_number: string | null;
  is_reused: Generated<boolean>;
  created_at: CreatedAt;
}

export interface ServiceApplicationCountersTable {
  item_id: number;
  day: string;
  region_code: string;
  last_seq: number;
}

// A type alias (not an interface) so Kysely's withTables<> accepts it.
export type ApplicationTables = {
  service_applications: ServiceApplicationsTable;
  service_application_materials: ServiceApplicationMaterialsTable;
  service_application_counters: ServiceApplicationCountersTable;
};
