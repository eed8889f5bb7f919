// The licences module's tables (migration 0011_licences.sql).
import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A date column, read back as text (YYYY-MM-DD) by the queries that need it. */
type DateColumn = ColumnType<string, string, string>;

export interface LicencesTable {
  id: Generated<number>;
  number: string;
  region_code: string;
  licence_type: string;
  name: string;
  holder_kind: 'person' | 'enterprise';
  holder_person_id: number | null;
  holder_enterprise_id: number | null;
  holder_name: string;
  holder_id_hint: string;
  issuing_department_id: number;
  issuing_agency: string;
  issue_date: DateColumn;
  valid_until: DateColumn | null;
  source_type: string | null;
  source_id: string | null;
  key_id: string;
  signature: string;
  status: Generated<'valid' | 'revoked'>;
  revoked_at: Date | null;
  revoked_by: number | null;
  revocation_reason: string | null;
  created_at: CreatedAt;
}

export interface LicenceUsesTable {
  id: Generated<number>;
  licence_id: number;
  region_code: string;
  subject_type: string;
  subject_id: string;
  purpose: string;
  actor: string;
  used_at: CreatedAt;
}

// A type alias (not an interface) so Kysely's withTables<> accepts it.
export type LicenceTables = {
  licences: LicencesTable;
  licence_uses: LicenceUsesTable;
};
