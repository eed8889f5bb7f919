import type { ColumnType, Generated } from 'kysely';

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  region_code: string;
  title: string;
  body: string;
  link: string | null;
  subject_type: string | null;
  subject_id: string | null;
  channels: Generated<string[]>;
  created_at: ColumnType<Date, never, never>;
  read_at: ColumnType<Date | null, never, Date | null>;
}

export interface NotifyTables {
  notifications: NotificationsTable;
}
