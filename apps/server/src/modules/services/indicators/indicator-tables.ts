// The indicators' and daily scan's tables (migration 0016_service_indicators.sql), for Kysely.
import type { ColumnType } from 'kysely';

type DateColumn = ColumnType<string, string, string>;

export interface ServiceWorkdaysTable {
  day: DateColumn;
  is_workday: boolean;
  workday_no: number;
}

export interface ServiceIndicatorRollupTable {
  id: number;
  rolled_through: DateColumn | null;
  ratings_refreshed_on: DateColumn | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ServiceDailyScansTable {
  day: DateColumn;
  ran_at: ColumnType<Date, Date | string | undefined, Date | string>;
  overdue: number;
  at_risk: number;
  departments: number;
  notified: number;
}

// A type alias (not an interface) so Kysely's withTables<> accepts it. The rollup tables
// proper are written and read by SQL text (indicator-sql.ts).
export type IndicatorTables = {
  service_workdays: ServiceWorkdaysTable;
  service_indicator_rollup: ServiceIndicatorRollupTable;
  service_daily_scans: ServiceDailyScansTable;
};
