// The city-management tables (migration 0008): unit grids, the classification, components.
import type { ColumnType, Generated } from 'kysely';
import type { CategoryLimits, PolygonGeometry } from '@citygov/contracts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read as the parsed value, written as JSON text. */
type Json<T> = ColumnType<T, string, string>;

export type GridSource = 'generated' | 'imported';

export interface GridsTable {
  code: string;
  region_code: string;
  street_code: string;
  community_code: string;
  name: string;
  polygon: Json<PolygonGeometry>;
  min_lon: number;
  min_lat: number;
  max_lon: number;
  max_lat: number;
  centroid_lon: number;
  centroid_lat: number;
  area_m2: number;
  source: GridSource;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface GridRevisionTable {
  id: Generated<boolean>;
  revision: number;
  updated_at: UpdatedAt;
}

export interface CaseCategoryMajorsTable {
  kind: 'component' | 'event';
  code: string;
  name_zh: string;
  name_en: string;
}

export interface CaseCategoriesTable {
  code: string;
  kind: 'component' | 'event';
  major_code: string;
  minor_code: string;
  name_zh: string;
  name_en: string;
  department_key: string;
  department_code: string | null;
  case_kind: 'immediate' | 'promised' | 'coordinated';
  limits: Json<CategoryLimits>;
  is_anonymous_allowed: Generated<boolean>;
  is_restricted: Generated<boolean>;
  is_active: Generated<boolean>;
  updated_at: UpdatedAt;
}

export type ComponentStatus = 'in_service' | 'damaged' | 'missing' | 'retired';

export interface ComponentsTable {
  id: string;
  category_code: string;
  grid_code: string;
  region_code: string;
  lon: number;
  lat: number;
  status: ComponentStatus;
  attributes: Json<Record<string, unknown>>;
  source: 'generated' | 'imported' | 'manual';
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface CasesTables {
  grids: GridsTable;
  grid_revision: GridRevisionTable;
  case_category_majors: CaseCategoryMajorsTable;
  case_categories: CaseCategoriesTable;
  components: ComponentsTable;
}
