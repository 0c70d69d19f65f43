-- before: CREATE TABLE users (id bigint PRIMARY KEY);
-- expect: unknown-relation@3
CREATE INDEX orders_user_id_idx ON orders (user_id);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users);
