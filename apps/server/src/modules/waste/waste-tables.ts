// Kysely shapes of the construction-waste tables (migrations/0018_waste.sql).
import type { ColumnType, Generated } from 'kysely';
import type {
  DisposalSiteKind,
  GeoLineString,
  GeoPolygon,
  ManifestStatus,
  ManifestVersionKind,
  ManifestVersionStatus,
  SignatureRole,
  WasteApprovalStatus,
  WasteCompanyStatus,
  WasteDriverStatus,
  WastePartyKind,
  WasteRouteStatus,
  WasteSiteStatus,
  WasteTruckStatus,
} from '@citygov/contracts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;
/** A date column: always select it as `col::text` ('YYYY-MM-DD'); drivers parse dates differently. */
type DateColumn = ColumnType<string, string, string>;
/** jsonb written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;

/** The bounding box columns every fenced or routed row carries (WGS-84 degrees). */
export interface BoxColumns {
  min_lat: number;
  min_lon: number;
  max_lat: number;
  max_lon: number;
}

export interface WasteCompaniesTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  uscc: string;
  transport_licence_no: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  status: Generated<WasteCompanyStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WasteTrucksTable {
  id: Generated<number>;
  region_code: string;
  company_id: number;
  plate: string;
  /** JT/T 808 header phone (digits, no leading zeros): the key to telematics positions. */
  terminal_phone: string;
  terminal_id: string | null;
  /** telematics vehicles.id once the terminal has been seen. */
  vehicle_id: number | null;
  capacity_m3: number;
  has_cover_sensor: Generated<boolean>;
  /** The JT/T 808 status bit that is 1 while the sealed cover is open. */
  cover_status_bit: Generated<number>;
  status: Generated<WasteTruckStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WasteDriversTable {
  id: Generated<number>;
  region_code: string;
  company_id: number;
  user_id: number | null;
  name: string;
  id_number_enc: string;
  id_number_hash: string;
  id_number_hint: string;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_hint: string | null;
  status: Generated<WasteDriverStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WasteConstructionSitesTable extends BoxColumns {
  id: Generated<number>;
  region_code: string;
  name: string;
  project_code: string | null;
  developer: string | null;
  contractor: string | null;
  address: string | null;
  lat: number;
  lon: number;
  fence: Json<GeoPolygon>;
  status: Generated<WasteSiteStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WasteDisposalSitesTable extends BoxColumns {
  id: Generated<number>;
  region_code: string;
  name: string;
  kind: DisposalSiteKind;
  operator_name: string | null;
  address: string | null;
  capacity_m3: number;
  daily_capacity_m3: number | null;
  lat: number;
  lon: number;
  fence: Json<GeoPolygon>;
  status: Generated<WasteSiteStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WasteRoutesTable extends BoxColumns {
  id: Generated<number>;
  region_code: string;
  name: string;
  construction_site_id: number;
  disposal_site_id: number;
  path: Json<GeoLineString>;
  /** Metres either side of the path a loaded truck must stay within. */
  corridor_m: number;
  length_m: number;
  status: Generated<WasteRouteStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WasteApprovalsTable {
  id: Generated<number>;
  region_code: string;
  approval_no: string;
  construction_site_id: number;
  waste_types: string[];
  permitted_volume_m3: number;
  used_volume_m3: Generated<number>;
  valid_from: DateColumn;
  valid_to: DateColumn;
  /** Transport hours, minutes after midnight Beijing time; end < start wraps past midnight. */
  hours_start: number;
  hours_end: number;
  status: Generated<WasteApprovalStatus>;
  issued_by: number | null;
  issued_at: CreatedAt;
  note: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WasteApprovalCompaniesTable {
  approval_id: number;
  company_id: number;
  region_code: string;
}

export interface WasteApprovalDisposalSitesTable {
  approval_id: number;
  disposal_site_id: number;
  region_code: string;
}

export interface WasteApprovalRoutesTable {
  approval_id: number;
  route_id: number;
  region_code: string;
}

export interface WasteManifestsTable {
  id: Generated<number>;
  region_code: string;
  manifest_no: string;
  approval_id: number;
  construction_site_id: number;
  company_id: number;
  truck_id: number;
  driver_id: number;
  disposal_site_id: number;
  alternate_site_id: number | null;
  /** Where the load is headed now; null while it returns to the construction site. */
  destination_site_id: number | null;
  route_id: number | null;
  waste_type: string;
  declared_volume_m3: number;
  received_volume_m3: number | null;
  received_waste_type: string | null;
  received_site_id: number | null;
  planned_date: DateColumn;
  /** Mirrors the workflow instance's state (same transaction). */
  status: ManifestStatus;
  version: Generated<number>;
  is_locked: Generated<boolean>;
  departed_at: NullableTimestamp;
  picked_up_at: NullableTimestamp;
  arrived_at: NullableTimestamp;
  received_at: NullableTimestamp;
  returned_at: NullableTimestamp;
  rejection_count: Generated<number>;
  rejection_reason: string | null;
  has_discrepancy: Generated<boolean>;
  discrepancy_kinds: Generated<string[]>;
  discrepancy_ratio: number | null;
  discrepancy_resolved_at: NullableTimestamp;
  discrepancy_resolution: string | null;
  discrepancy_escalated_at: NullableTimestamp;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface WasteManifestCountersTable {
  region_code: string;
  day: string;
  last: number;
}

export interface WasteManifestVersionsTable {
  manifest_id: number;
  version: number;
  region_code: string;
  kind: ManifestVersionKind;
  status: ManifestVersionStatus;
  content: Json<Record<string, unknown>>;
  reason: string | null;
  created_by: number | null;
  created_at: CreatedAt;
  closed_at: NullableTimestamp;
}

export interface WasteManifestSignaturesTable {
  id: Generated<number>;
  manifest_id: number;
  region_code: string;
  seq: number;
  role: SignatureRole;
  party_kind: WastePartyKind;
  party_id: number;
  signer_user_id: number;
  signer_name: string;
  driver_id: number | null;
  volume_m3: number | null;
  waste_type: string | null;
  version: number;
  note: string | null;
  /** The server's clock at signing. */
  signed_at: CreatedAt;
}

export interface WastePartyMembersTable {
  user_id: number;
  party_kind: WastePartyKind;
  party_id: number;
  region_code: string;
  created_at: CreatedAt;
}

export interface WasteDisposalOutputsTable {
  disposal_site_id: number;
  day: DateColumn;
  region_code: string;
  sorted_volume_m3: number;
  recycled_volume_m3: number;
  landfilled_volume_m3: number;
  declared_by: number | null;
  declared_at: Timestamp;
}

export interface WasteTables {
  waste_companies: WasteCompaniesTable;
  waste_trucks: WasteTrucksTable;
  waste_drivers: WasteDriversTable;
  waste_construction_sites: WasteConstructionSitesTable;
  waste_disposal_sites: WasteDisposalSitesTable;
  waste_routes: WasteRoutesTable;
  waste_approvals: WasteApprovalsTable;
  waste_approval_companies: WasteApprovalCompaniesTable;
  waste_approval_disposal_sites: WasteApprovalDisposalSitesTable;
  waste_approval_routes: WasteApprovalRoutesTable;
  waste_manifests: WasteManifestsTable;
  waste_manifest_counters: WasteManifestCountersTable;
  waste_manifest_versions: WasteManifestVersionsTable;
  waste_manifest_signatures: WasteManifestSignaturesTable;
  waste_party_members: WastePartyMembersTable;
  waste_disposal_outputs: WasteDisposalOutputsTable;
}
