// The ratings module's table (migration 0014_ratings.sql).
import type { ColumnType, Generated } from 'kysely';

type Json<T> = ColumnType<T, string | undefined, string>;

export interface ServiceRatingsTable {
  id: Generated<number>;
  application_id: number;
  region_code: string;
  department_id: number;
  item_code: string;
  item_name: string;
  channel: string;
  staff: Json<Array<{ id: number; name: string }>>;
  level: number;
  tags: Json<string[]>;
  text: string | null;
  is_named: boolean;
  rater_user_id: number | null;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

// A type alias (not an interface) so Kysely's withTables<> accepts it.
export type RatingTables = {
  service_ratings: ServiceRatingsTable;
};
