-- City management (一网统管) foundations: unit grids, the component/event classification,
-- the component inventory. Geometry is GeoJSON in jsonb (WGS-84) plus bbox columns, so the
-- same schema runs on PGlite and PostgreSQL without PostGIS.

-- 单元网格: code = division (6) + street (3) + community (3) + grid (3).
CREATE TABLE grids (
  code text PRIMARY KEY CHECK (code ~ '^[0-9]{15}$' AND right(code, 3) <> '000'),
  region_code text NOT NULL CHECK (region_code = left(code, 6)), -- the district
  street_code text NOT NULL CHECK (street_code = left(code, 9)),
  community_code text NOT NULL CHECK (community_code = left(code, 12)),
  name text NOT NULL,
  polygon jsonb NOT NULL, -- a GeoJSON Polygon
  min_lon double precision NOT NULL,
  min_lat double precision NOT NULL,
  max_lon double precision NOT NULL,
  max_lat double precision NOT NULL,
  centroid_lon double precision NOT NULL,
  centroid_lat double precision NOT NULL,
  area_m2 double precision NOT NULL CHECK (area_m2 > 0),
  source text NOT NULL CHECK (source IN ('generated', 'imported')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grids_region_idx ON grids (region_code);
CREATE INDEX grids_community_idx ON grids (community_code);

-- Bumped by every change to the grids, so each server process knows when to rebuild its
-- in-memory spatial index.
CREATE TABLE grid_revision (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  revision bigint NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO grid_revision (id, revision) VALUES (true, 0);

-- 大类: components (部件) and events (事件) number their majors independently.
CREATE TABLE case_category_majors (
  kind text NOT NULL CHECK (kind IN ('component', 'event')),
  code text NOT NULL CHECK (code ~ '^[0-9]{2}$'),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  PRIMARY KEY (kind, code)
);

-- 小类: code = C|E + major (2) + minor (2).
CREATE TABLE case_categories (
  code text PRIMARY KEY CHECK (code ~ '^[CE][0-9]{4}$'),
  kind text NOT NULL CHECK (kind IN ('component', 'event')),
  major_code text NOT NULL,
  minor_code text NOT NULL CHECK (minor_code ~ '^[0-9]{2}$'),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  department_key text NOT NULL, -- the kind of responsible body: urban_management, water, gas ...
  department_code text, -- the municipal department; its district counterpart handles the case
  case_kind text NOT NULL CHECK (case_kind IN ('immediate', 'promised', 'coordinated')),
  limits jsonb NOT NULL, -- urgency levels with step limits, the hotline limit
  is_anonymous_allowed boolean NOT NULL DEFAULT true,
  is_restricted boolean NOT NULL DEFAULT false,
  is_active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (kind, major_code) REFERENCES case_category_majors (kind, code),
  UNIQUE (kind, major_code, minor_code),
  CHECK (code = (CASE kind WHEN 'component' THEN 'C' ELSE 'E' END) || major_code || minor_code)
);

-- 部件 inventory: id = division (6) + major (2) + minor (2) + sequence (6).
CREATE TABLE components (
  id text PRIMARY KEY CHECK (id ~ '^[0-9]{16}$'),
  category_code text NOT NULL REFERENCES case_categories (code),
  grid_code text NOT NULL REFERENCES grids (code),
  region_code text NOT NULL CHECK (region_code = left(id, 6)),
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  status text NOT NULL CHECK (status IN ('in_service', 'damaged', 'missing', 'retired')),
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  source text NOT NULL CHECK (source IN ('generated', 'imported', 'manual')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (category_code LIKE 'C%' AND substr(id, 7, 4) = substr(category_code, 2, 4))
);
CREATE INDEX components_lon_lat_idx ON components (lon, lat);
CREATE INDEX components_grid_idx ON components (grid_code);
CREATE INDEX components_region_category_idx ON components (region_code, category_code);
