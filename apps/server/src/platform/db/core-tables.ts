import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface DivisionsTable {
  code: string;
  name: string;
  level: number;
  parent_code: string | null;
  lat: number | null;
  lon: number | null;
}

export interface DepartmentsTable {
  id: Generated<number>;
  code: string;
  name: string;
  short_name: string;
  region_code: string;
  city_department_id: number | null;
  kind: Generated<string>;
}

export interface PersonsTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  id_number_enc: string;
  id_number_hash: string;
  id_number_hint: string;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_hint: string | null;
  gender: 'M' | 'F' | null;
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  address: string | null;
  created_at: CreatedAt;
}

export interface EnterprisesTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  uscc: string;
  legal_representative: string;
  created_at: CreatedAt;
}

export type UserKind = 'staff' | 'citizen' | 'enterprise';

export interface UsersTable {
  id: Generated<number>;
  username: string;
  kind: UserKind;
  display_name: string;
  password_hash: string;
  region_code: string;
  department_id: number | null;
  person_id: number | null;
  enterprise_id: number | null;
  is_demo: Generated<boolean>;
  is_disabled: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  last_login_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface UserRolesTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  region_code: string;
  department_id: number | null;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiKeysTable {
  id: Generated<number>;
  prefix: string;
  key_hash: string;
  name: string;
  owner_user_id: number;
  channel: string;
  device_id: string | null;
  permissions: string[];
  region_code: string;
  scope: ColumnType<Record<string, unknown>, string | undefined, string>;
  is_demo: Generated<boolean>;
  created_at: CreatedAt;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by: number | null;
  last_used_at: Timestamp | null;
}

export interface SettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: CreatedAt;
}

export interface CoreTables {
  divisions: DivisionsTable;
  departments: DepartmentsTable;
  persons: PersonsTable;
  enterprises: EnterprisesTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  settings: SettingsTable;
}
