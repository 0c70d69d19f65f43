-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text, active boolean);
-- before: CREATE VIEW active_users AS SELECT id, email FROM users WHERE active;
-- expect: drop-column-still-referenced@4
ALTER TABLE users DROP COLUMN email;
