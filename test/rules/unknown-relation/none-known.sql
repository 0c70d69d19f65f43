-- before: CREATE TABLE users (id bigint PRIMARY KEY, email text);
-- before: CREATE VIEW user_emails AS SELECT email FROM users;
-- expect: none
ALTER TABLE users ADD COLUMN name text;
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
CREATE INDEX orders_user_id_idx ON orders (user_id);
INSERT INTO orders (id, user_id) SELECT 1, id FROM users;
ALTER TABLE IF EXISTS userz ADD COLUMN name text;
DROP TABLE IF EXISTS legacy;
ALTER VIEW user_emails RENAME TO emails;
ALTER TABLE orders RENAME TO purchases;
UPDATE purchases SET user_id = NULL;
