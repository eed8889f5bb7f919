-- 好差评: one rating per finished application by its applicant, for the item, the agency, the
-- staff who acted and the channel. A bad rating's rectification runs on the workflow engine
-- (subject_type 'rating', subject_id = the rating id); an upheld appeal keeps the rating but
-- leaves it out of the statistics (read from that instance's state).

CREATE TABLE service_ratings (
  id bigserial PRIMARY KEY,
  application_id bigint NOT NULL UNIQUE REFERENCES service_applications (id),
  region_code text NOT NULL, -- the application's
  department_id integer NOT NULL REFERENCES departments (id),
  item_code text NOT NULL,
  item_name text NOT NULL,
  channel text NOT NULL,
  staff jsonb NOT NULL DEFAULT '[]', -- [{id, name}] of the staff who acted on the application
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  tags jsonb NOT NULL DEFAULT '[]',
  text text,
  is_named boolean NOT NULL,
  rater_user_id bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX service_ratings_item_idx ON service_ratings (item_code);
CREATE INDEX service_ratings_department_idx ON service_ratings (department_id);
CREATE INDEX service_ratings_region_idx ON service_ratings (region_code text_pattern_ops);
CREATE INDEX service_ratings_rater_idx ON service_ratings (rater_user_id);
