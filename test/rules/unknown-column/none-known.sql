-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- before: ALTER TABLE users ADD COLUMN name text;
-- expect: none
ALTER TABLE users ADD COLUMN nickname text, ALTER COLUMN nickname SET DEFAULT '';
ALTER TABLE users ALTER COLUMN nickname DROP DEFAULT, ALTER COLUMN name SET NOT NULL;
ALTER TABLE users DROP COLUMN IF EXISTS legacy;
ALTER TABLE users RENAME COLUMN name TO full_name;
UPDATE users SET full_name = email WHERE full_name IS NULL;
CREATE UNIQUE INDEX users_email_key ON users (email) INCLUDE (full_name);
CREATE TABLE sessions (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
