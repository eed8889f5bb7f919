// The bundles' tables (migration 0015_service_bundles.sql), for Kysely.
import type { ColumnType, Generated } from 'kysely';
import type { ServiceAudience, ServiceChannel } from '@citygov/contracts';
import type { AwaitedMaterial, BundleFieldSpec } from './bundle-definition.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface ServiceBundlesTable {
  code: string;
  region_code: string;
  name: string;
  description: string;
  audience: ServiceAudience;
  life_event_code: string | null;
  fields: Json<BundleFieldSpec[]>;
  sort_order: number;
  status: Generated<'active' | 'suspended'>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ServiceBundleMembersTable {
  bundle_code: string;
  seq: number;
  item_code: string;
  region_code: string;
}

export interface ServiceBundleCountersTable {
  day: string;
  last_seq: number;
}

export interface ServiceBundleApplicationsTable {
  id: Generated<number>;
  number: string;
  bundle_code: string;
  bundle_name: string;
  region_code: string;
  applicant_kind: 'person' | 'enterprise';
  applicant_person_id: number | null;
  applicant_enterprise_id: number | null;
  applicant_name: string;
  owner_user_id: number | null;
  channel: ServiceChannel;
  submitted_by: string;
  form: Json<Record<string, unknown>>;
  created_at: CreatedAt;
}

export interface ServiceBundleApplicationMembersTable {
  bundle_application_id: number;
  seq: number;
  application_id: number;
  region_code: string;
  awaited_materials: Json<AwaitedMaterial[]>;
}

// A type alias (not an interface) so Kysely's withTables<> accepts it.
export type BundleTables = {
  service_bundles: ServiceBundlesTable;
  service_bundle_members: ServiceBundleMembersTable;
  service_bundle_counters: ServiceBundleCountersTable;
  service_bundle_applications: ServiceBundleApplicationsTable;
  service_bundle_application_members: ServiceBundleApplicationMembersTable;
};
