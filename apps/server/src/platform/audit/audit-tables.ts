import type { ColumnType, Generated } from 'kysely';

export interface AuditChainsTable {
  chain: number;
  seq: number;
  head_hash: string;
  /** The head before the latest append (0021): what that entry chained to. */
  prev_hash: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  chain: number;
  seq: number;
  at: ColumnType<Date, Date, never>;
  actor_id: number | null;
  actor_kind: 'user' | 'api_key' | 'system';
  actor_name: string;
  action: string;
  subject_type: string;
  subject_id: string;
  region_code: string;
  department_id: number | null;
  person_id: number | null;
  purpose: string | null;
  data: ColumnType<Record<string, unknown>, string, never>;
  prev_hash: string;
  hash: string;
}

export interface AuditTables {
  audit_chains: AuditChainsTable;
  audit_log: AuditLogTable;
}
