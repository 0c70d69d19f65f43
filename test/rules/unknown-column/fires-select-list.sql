-- CREATE TABLE AS with a plain select list: its columns are known.
-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- before: CREATE TABLE user_emails AS SELECT id, email FROM users;
-- expect: unknown-column@5
ALTER TABLE user_emails ALTER COLUMN emial SET NOT NULL;
