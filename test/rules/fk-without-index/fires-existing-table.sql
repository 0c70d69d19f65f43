-- before: CREATE TABLE users (id bigint PRIMARY KEY);
-- before: CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, created_at timestamptz);
-- before: CREATE INDEX orders_created_user_idx ON orders (created_at, user_id);
-- before: CREATE INDEX orders_user_recent_idx ON orders (user_id) WHERE created_at > '2020-01-01';
-- expect: fk-without-index@6
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;
