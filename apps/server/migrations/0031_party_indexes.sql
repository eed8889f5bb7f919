-- Whose application it is: the account, the person, the enterprise, the channel's key. Each is
-- NULL for most rows of some kind (an enterprise's application has no person, a citizen's no
-- enterprise and no channel key, one taken at the window no account), and each submission
-- wrote an index entry for its NULLs all the same. Their readers only ask for one party's rows
-- by equality (application-mine.ts, application-queries.ts, bundle-applications.ts), which the
-- planner knows excludes NULL, so the indexes keep only the rows that name the party.
DROP INDEX service_applications_owner_idx;
CREATE INDEX service_applications_owner_idx ON service_applications (owner_user_id, id)
  WHERE owner_user_id IS NOT NULL;
DROP INDEX service_applications_person_idx;
CREATE INDEX service_applications_person_idx ON service_applications (applicant_person_id, id)
  WHERE applicant_person_id IS NOT NULL;
DROP INDEX service_applications_enterprise_idx;
CREATE INDEX service_applications_enterprise_idx
  ON service_applications (applicant_enterprise_id, id)
  WHERE applicant_enterprise_id IS NOT NULL;
DROP INDEX service_applications_api_key_idx;
CREATE INDEX service_applications_api_key_idx
  ON service_applications (submitted_by_api_key_id, id)
  WHERE submitted_by_api_key_id IS NOT NULL;

-- The same for the workflow instances' owner (the citizen who follows an application or an app
-- report): a case filed by an inspector, a call taker or an Open311 client has none, and its
-- readers ("mine", the task list) ask for one account by equality.
DROP INDEX workflow_instances_owner_idx;
CREATE INDEX workflow_instances_owner_idx ON workflow_instances (owner_user_id, subject_type)
  WHERE owner_user_id IS NOT NULL;
