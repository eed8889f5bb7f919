// The service catalogue's tables (migration 0007_services_catalogue.sql), for Kysely.
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** numeric comes back as text from PostgreSQL. */
type Numeric = ColumnType<string | number | null, number | null, number | null>;

export interface ServiceTypeWorkflowsTable {
  type_code: string;
  workflow_key: string;
  region_code: Generated<string>;
}

export interface ServiceLifeEventsTable {
  code: string;
  name: string;
  audience: 'citizen' | 'enterprise';
  sort_order: number;
  region_code: Generated<string>;
}

export interface ServiceItemsTable {
  id: Generated<number>;
  code: string;
  basic_code: string;
  type_code: string;
  main_code: string;
  sub_code: string;
  department_id: number;
  region_code: string;
  name: string;
  audience: string;
  legal_basis: string;
  conditions: string;
  legal_limit_days: number;
  promised_limit_days: number;
  is_free: boolean;
  fee_amount: Numeric;
  fee_basis: string | null;
  place: string;
  hours: string;
  visits: number;
  online_depth: number;
  channels: string[];
  keywords: string[];
  enquiry_phone: string;
  complaint_phone: string;
  workflow_key: string;
  is_licensing: boolean;
  issued_licence_type: string | null;
  result_name: string | null;
  delivery_methods: string[];
  frequency: number;
  status: string;
  version: Generated<number>;
  revision: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ServiceItemMaterialsTable {
  item_id: number;
  seq: number;
  region_code: string;
  name: string;
  forms: string[];
  copies: number;
  requirement: string;
  condition: string | null;
  source: string;
  licence_type: string | null;
  blank_form_ref: string | null;
  sample_ref: string | null;
  notes: string | null;
}

export interface ServiceItemStepsTable {
  item_id: number;
  seq: number;
  region_code: string;
  name: string;
  actor: string;
  limit_days: number | null;
  description: string | null;
}

export interface ServiceItemSpecialStepsTable {
  item_id: number;
  seq: number;
  region_code: string;
  name: string;
  kind: string;
  max_days: number;
}

export interface ServiceItemLifeEventsTable {
  item_id: number;
  life_event_code: string;
  region_code: string;
}

export interface ServicesTables {
  service_type_workflows: ServiceTypeWorkflowsTable;
  service_life_events: ServiceLifeEventsTable;
  service_items: ServiceItemsTable;
  service_item_materials: ServiceItemMaterialsTable;
  service_item_steps: ServiceItemStepsTable;
  service_item_special_steps: ServiceItemSpecialStepsTable;
  service_item_life_events: ServiceItemLifeEventsTable;
}
