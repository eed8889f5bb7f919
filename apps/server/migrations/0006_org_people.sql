-- Organisation and people: lookups by region prefix, one account per person.

-- Region scopes are prefix matches (LIKE '500103%'); text_pattern_ops serves them under any
-- database collation, not only C.
CREATE INDEX persons_region_prefix_idx ON persons (region_code text_pattern_ops);
CREATE INDEX users_region_prefix_idx ON users (region_code text_pattern_ops);
CREATE INDEX persons_name_idx ON persons (name);

-- A person has at most one citizen account.
CREATE UNIQUE INDEX users_person_uidx ON users (person_id) WHERE person_id IS NOT NULL;

CREATE INDEX departments_city_department_idx ON departments (city_department_id);
CREATE INDEX user_roles_role_idx ON user_roles (role, region_code);
CREATE INDEX enterprises_region_idx ON enterprises (region_code);
