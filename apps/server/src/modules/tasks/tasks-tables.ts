// The tasks module's own table (its migration is the kernel's 0004_workflow.sql).
import type { ColumnType, Generated } from 'kysely';

export interface TasksTable {
  id: Generated<number>;
  region_code: string;
  department_id: number;
  title: string;
  description: string;
  limit_workdays: number;
  created_by: number | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

// A type alias (not an interface) so Kysely's withTables<> accepts it.
export type TasksTables = {
  tasks: TasksTable;
};
