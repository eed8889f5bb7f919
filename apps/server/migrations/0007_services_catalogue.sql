-- The service catalogue (办事指南): items, their materials, steps, special steps and themes.
-- Every table carries region_code (the item's region: the distribution key). Children are
-- replaced as a whole when a guide is edited, so they are keyed by (item_id, seq).

-- The workflow definition an item runs on by default, per item type (editable per item).
CREATE TABLE service_type_workflows (
  type_code text PRIMARY KEY,
  workflow_key text NOT NULL,
  region_code text NOT NULL DEFAULT '500000'
);
INSERT INTO service_type_workflows (type_code, workflow_key) VALUES
  ('XK', 'services.licensing'),
  ('QR', 'services.confirmation'),
  ('JF', 'services.benefit'),
  ('GG', 'services.public_service'),
  ('ZS', 'services.standard'),
  ('JL', 'services.standard'),
  ('CJ', 'services.standard'),
  ('JC', 'services.standard'),
  ('CF', 'services.standard'),
  ('QZ', 'services.standard'),
  ('QT', 'services.standard');

-- Life events (citizens) and themes (enterprises) the catalogue is browsed by.
CREATE TABLE service_life_events (
  code text PRIMARY KEY,
  name text NOT NULL,
  audience text NOT NULL CHECK (audience IN ('citizen', 'enterprise')),
  sort_order integer NOT NULL,
  region_code text NOT NULL DEFAULT '500000'
);
INSERT INTO service_life_events (code, name, audience, sort_order) VALUES
  ('citizen.birth', '生育收养', 'citizen', 10),
  ('citizen.household', '户籍办理', 'citizen', 20),
  ('citizen.identity', '证件办理', 'citizen', 30),
  ('citizen.marriage', '婚姻登记', 'citizen', 40),
  ('citizen.education', '教育入学', 'citizen', 50),
  ('citizen.employment', '就业创业', 'citizen', 60),
  ('citizen.social_security', '社会保障', 'citizen', 70),
  ('citizen.medical', '医疗卫生', 'citizen', 80),
  ('citizen.housing', '住房保障', 'citizen', 90),
  ('citizen.transport', '交通出行', 'citizen', 100),
  ('citizen.exit_entry', '出境入境', 'citizen', 110),
  ('citizen.assistance', '社会救助', 'citizen', 120),
  ('citizen.disability', '残疾人服务', 'citizen', 130),
  ('citizen.elderly', '养老服务', 'citizen', 140),
  ('citizen.retirement', '退休', 'citizen', 150),
  ('citizen.veterans', '优军服务', 'citizen', 160),
  ('citizen.utilities', '水电气网', 'citizen', 170),
  ('citizen.legal', '公证法律', 'citizen', 180),
  ('citizen.culture', '文化体育', 'citizen', 190),
  ('citizen.tax', '个人纳税', 'citizen', 200),
  ('citizen.after_death', '身后事', 'citizen', 210),
  ('enterprise.establishment', '设立变更', 'enterprise', 310),
  ('enterprise.permits', '准营准办', 'enterprise', 320),
  ('enterprise.tax', '纳税缴费', 'enterprise', 330),
  ('enterprise.construction', '工程建设', 'enterprise', 340),
  ('enterprise.qualification', '资质认定', 'enterprise', 350),
  ('enterprise.annual_review', '年检年审', 'enterprise', 360),
  ('enterprise.transport', '交通运输', 'enterprise', 370),
  ('enterprise.trade', '商贸口岸', 'enterprise', 380),
  ('enterprise.ip', '知识产权', 'enterprise', 390),
  ('enterprise.environment', '环保节能', 'enterprise', 400),
  ('enterprise.safety', '安全生产', 'enterprise', 410),
  ('enterprise.hr', '人力资源', 'enterprise', 420),
  ('enterprise.finance', '融资信贷', 'enterprise', 430),
  ('enterprise.agriculture', '农林牧渔', 'enterprise', 440),
  ('enterprise.health', '医疗药品', 'enterprise', 450),
  ('enterprise.culture_tourism', '文化旅游', 'enterprise', 460),
  ('enterprise.utilities', '水电气报装', 'enterprise', 470),
  ('enterprise.dissolution', '破产注销', 'enterprise', 480);

-- Bumped on every write to an item: the in-memory search index compares it to rebuild.
CREATE SEQUENCE service_items_revision_seq;

CREATE TABLE service_items (
  id bigserial PRIMARY KEY,
  code text NOT NULL UNIQUE, -- implementation code (实施编码), see item-codes.ts
  basic_code text NOT NULL, -- type + main + sub (基本编码)
  type_code text NOT NULL REFERENCES service_type_workflows (type_code),
  main_code text NOT NULL CHECK (main_code ~ '^[0-9]{5}$' AND main_code <> '00000'),
  sub_code text NOT NULL CHECK (sub_code ~ '^[0-9]{3}$'),
  department_id integer NOT NULL REFERENCES departments (id),
  region_code text NOT NULL,
  name text NOT NULL,
  audience text NOT NULL CHECK (audience IN ('citizen', 'enterprise', 'both')),
  legal_basis text NOT NULL,
  conditions text NOT NULL,
  legal_limit_days integer NOT NULL CHECK (legal_limit_days >= 0),
  promised_limit_days integer NOT NULL CHECK (promised_limit_days >= 0),
  is_free boolean NOT NULL,
  fee_amount numeric(14, 2),
  fee_basis text,
  place text NOT NULL,
  hours text NOT NULL,
  visits smallint NOT NULL CHECK (visits BETWEEN 0 AND 2),
  online_depth smallint NOT NULL CHECK (online_depth BETWEEN 1 AND 4),
  channels text[] NOT NULL,
  keywords text[] NOT NULL DEFAULT '{}',
  enquiry_phone text NOT NULL,
  complaint_phone text NOT NULL,
  workflow_key text NOT NULL,
  is_licensing boolean NOT NULL DEFAULT false,
  issued_licence_type text,
  result_name text,
  delivery_methods text[] NOT NULL,
  frequency integer NOT NULL DEFAULT 0,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  version integer NOT NULL DEFAULT 1,
  revision bigint NOT NULL DEFAULT nextval('service_items_revision_seq'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (promised_limit_days <= legal_limit_days),
  CHECK (NOT is_licensing OR issued_licence_type IS NOT NULL)
);
CREATE INDEX service_items_basic_code_idx ON service_items (basic_code);
CREATE INDEX service_items_department_idx ON service_items (department_id);
CREATE INDEX service_items_region_idx ON service_items (region_code);
CREATE INDEX service_items_revision_idx ON service_items (revision);

CREATE TABLE service_item_materials (
  item_id bigint NOT NULL REFERENCES service_items (id) ON DELETE CASCADE,
  seq smallint NOT NULL,
  region_code text NOT NULL,
  name text NOT NULL,
  forms text[] NOT NULL,
  copies smallint NOT NULL CHECK (copies BETWEEN 0 AND 20),
  requirement text NOT NULL CHECK (requirement IN ('required', 'conditional')),
  condition text,
  source text NOT NULL CHECK (source IN ('applicant', 'department', 'intermediary')),
  licence_type text, -- a licence of this type satisfies the material (免提交)
  blank_form_ref text,
  sample_ref text,
  notes text,
  PRIMARY KEY (item_id, seq)
);
CREATE INDEX service_item_materials_licence_idx ON service_item_materials (licence_type);

CREATE TABLE service_item_steps (
  item_id bigint NOT NULL REFERENCES service_items (id) ON DELETE CASCADE,
  seq smallint NOT NULL,
  region_code text NOT NULL,
  name text NOT NULL,
  actor text NOT NULL,
  limit_days integer,
  description text,
  PRIMARY KEY (item_id, seq)
);

-- 特殊环节 (expert review, public notice, hearing ...): not counted in the time limit.
CREATE TABLE service_item_special_steps (
  item_id bigint NOT NULL REFERENCES service_items (id) ON DELETE CASCADE,
  seq smallint NOT NULL,
  region_code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL,
  max_days integer NOT NULL CHECK (max_days > 0),
  PRIMARY KEY (item_id, seq)
);

CREATE TABLE service_item_life_events (
  item_id bigint NOT NULL REFERENCES service_items (id) ON DELETE CASCADE,
  life_event_code text NOT NULL REFERENCES service_life_events (code),
  region_code text NOT NULL,
  PRIMARY KEY (item_id, life_event_code)
);
CREATE INDEX service_item_life_events_code_idx ON service_item_life_events (life_event_code);
