-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- before: CREATE TABLE accounts (id bigint PRIMARY KEY);
-- expect: unknown-relation@4, unknown-relation@6, unknown-relation@7, unknown-relation@8
ALTER TABLE userz ADD COLUMN name text;
INSERT INTO user_roles (user_id) VALUES (1); -- unlike any known name: maybe older than the history
CREATE INDEX users_email_idx ON usres (email);
ALTER TABLE users ADD COLUMN account_id bigint REFERENCES acounts;
DROP TABLE accountz;
