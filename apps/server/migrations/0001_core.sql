-- Kernel: divisions, departments, people, accounts, sessions, API keys, settings.
-- Every business table carries region_code (the future distribution key).

CREATE TABLE divisions (
  code text PRIMARY KEY,
  name text NOT NULL,
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 4), -- 1 city, 2 district/county, 3 street/town, 4 community/village
  parent_code text REFERENCES divisions (code),
  lat double precision,
  lon double precision
);
CREATE INDEX divisions_parent_idx ON divisions (parent_code);

CREATE TABLE departments (
  id serial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  short_name text NOT NULL,
  region_code text NOT NULL REFERENCES divisions (code),
  city_department_id integer REFERENCES departments (id), -- a district department's municipal counterpart
  kind text NOT NULL DEFAULT 'government'
);
CREATE INDEX departments_region_idx ON departments (region_code);

CREATE TABLE persons (
  id bigserial PRIMARY KEY,
  region_code text NOT NULL,
  name text NOT NULL,
  id_number_enc text NOT NULL,
  id_number_hash text NOT NULL UNIQUE,
  id_number_hint text NOT NULL, -- masked form, e.g. 5001**********123X
  phone_enc text,
  phone_hash text,
  phone_hint text,
  gender text CHECK (gender IN ('M', 'F')),
  birth_date date,
  address text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX persons_phone_hash_idx ON persons (phone_hash);
CREATE INDEX persons_region_idx ON persons (region_code);

CREATE TABLE enterprises (
  id bigserial PRIMARY KEY,
  region_code text NOT NULL,
  name text NOT NULL,
  uscc text NOT NULL UNIQUE,
  legal_representative text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('staff', 'citizen', 'enterprise')),
  display_name text NOT NULL,
  password_hash text NOT NULL,
  region_code text NOT NULL,
  department_id integer REFERENCES departments (id),
  person_id bigint REFERENCES persons (id),
  enterprise_id bigint REFERENCES enterprises (id),
  is_demo boolean NOT NULL DEFAULT false,
  is_disabled boolean NOT NULL DEFAULT false,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_region_idx ON users (region_code);

-- A role held in a scope: a region (prefix match) and optionally one department.
CREATE TABLE user_roles (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL,
  region_code text NOT NULL,
  department_id integer REFERENCES departments (id)
);
CREATE INDEX user_roles_user_idx ON user_roles (user_id);

CREATE TABLE sessions (
  id text PRIMARY KEY, -- sha256 of the cookie token; the token itself is never stored
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE api_keys (
  id bigserial PRIMARY KEY,
  prefix text NOT NULL UNIQUE, -- first characters of the key, shown to admins, used to look it up
  key_hash text NOT NULL,
  name text NOT NULL,
  owner_user_id bigint NOT NULL REFERENCES users (id),
  channel text NOT NULL, -- e.g. bank_terminal, rural_point, mini_program, open311, device
  device_id text,
  permissions text[] NOT NULL,
  region_code text NOT NULL,
  scope jsonb NOT NULL DEFAULT '{}'::jsonb, -- module-specific limits, e.g. the items offered on a channel
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz,
  revoked_at timestamptz,
  revoked_by bigint REFERENCES users (id),
  last_used_at timestamptz
);

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
