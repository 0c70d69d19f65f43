-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text, legacy_code text, active boolean);
-- before: CREATE INDEX users_legacy_idx ON users (legacy_code);
-- before: CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;
-- expect: none
ALTER TABLE users DROP COLUMN legacy_code;
CREATE OR REPLACE VIEW active_users AS SELECT id FROM users WHERE active;
DROP VIEW active_users;
ALTER TABLE users DROP COLUMN email;
