// The case loop's tables (migration 0012_cases_loop.sql).
import type { ColumnType, Generated } from 'kysely';
import type { CaseChannel, StepLimits, Urgency } from '@citygov/contracts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export type Satisfaction = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

export interface CasesTable {
  id: Generated<number>;
  case_number: string;
  region_code: string;
  grid_code: string;
  category_code: string;
  component_id: string | null;
  lat: number;
  lon: number;
  address: string | null;
  description: string;
  urgency: Urgency;
  channel: CaseChannel;
  is_anonymous: boolean;
  reporter_user_id: number | null;
  reporter_name: string | null;
  reporter_phone_enc: string | null;
  reporter_phone_hash: string | null;
  reporter_phone_masked: string | null;
  wants_callback: boolean;
  department_id: number | null;
  workflow_key: string;
  duplicate_of: number | null;
  reporter_count: Generated<number>;
  satisfaction: Satisfaction | null;
  created_by: number | null;
  created_at: CreatedAt;
  /** Not closed, evaluated, declined or merged (migration 0017; kept by the case's steps). */
  is_open: Generated<boolean>;
}

export interface CaseReportersTable {
  id: Generated<number>;
  case_id: number;
  region_code: string;
  user_id: number | null;
  name: string | null;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_masked: string | null;
  channel: CaseChannel;
  is_anonymous: boolean;
  wants_callback: boolean;
  description: string | null;
  joined_at: CreatedAt;
}

export interface CaseDepartmentsTable {
  case_id: number;
  region_code: string;
  department_id: number;
  is_lead: boolean;
  assigned_at: CreatedAt;
}

export interface CaseNumberCountersTable {
  region_code: string;
  day: string;
  last: number;
}

export interface CaseWorkflowVariantsTable {
  key: string;
  step_limits: Json<StepLimits>;
  created_at: CreatedAt;
}

/** The daily rollup of the indicators (migration 0017). */
export interface CaseDailyStatsTable {
  day: ColumnType<string, string, never>;
  region_code: string;
  department_id: number;
  intake: Generated<number>;
  filed: Generated<number>;
  closed: Generated<number>;
  closed_extended: Generated<number>;
  on_time_closed: Generated<number>;
  reworked: Generated<number>;
  extensions: Generated<number>;
  handled_cases: Generated<number>;
  handling_seconds: Generated<number>;
  callbacks: Generated<number>;
  satisfied: Generated<number>;
  basically_satisfied: Generated<number>;
  dissatisfied: Generated<number>;
}

/** Counts of single steps not yet folded into the rollup (migration 0023): same columns. */
export type CaseStatDeltasTable = CaseDailyStatsTable;

// A type alias (not an interface) so Kysely's withTables<> accepts it.
export type CaseLoopTables = {
  case_daily_stats: CaseDailyStatsTable;
  case_stat_deltas: CaseStatDeltasTable;
  cases: CasesTable;
  case_reporters: CaseReportersTable;
  case_departments: CaseDepartmentsTable;
  case_number_counters: CaseNumberCountersTable;
  case_workflow_variants: CaseWorkflowVariantsTable;
};
