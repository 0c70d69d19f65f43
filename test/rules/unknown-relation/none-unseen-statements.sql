-- before: CREATE TABLE users (id bigint PRIMARY KEY);
-- before: DO $$ BEGIN CREATE TABLE legacy_users (id int); END $$;
-- before: SELECT create_audit_table('audit_log');
-- before: CREATE FOREIGN TABLE remote_users (id int) SERVER remote;
-- expect: none
ALTER TABLE legacy_users ADD COLUMN name text;
INSERT INTO audit_log (id) VALUES (1);
ALTER TABLE remote_users ADD COLUMN name text;
ALTER TABLE auth.users ADD COLUMN name text;
INSERT INTO schema_migrations (version) VALUES ('1');
