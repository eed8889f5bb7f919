// Open311's own table (migration 0017): tokens answered by POST requests.
import type { ColumnType } from 'kysely';
import type { CaseLoopTables } from '../cases/index.ts';

export interface Open311TokensTable {
  token: string;
  case_id: number;
  api_key_id: number | null;
  region_code: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

// A type alias (not an interface) so Kysely's withTables<> accepts it; cases for the joins.
export type Open311Tables = CaseLoopTables & { open311_tokens: Open311TokensTable };
