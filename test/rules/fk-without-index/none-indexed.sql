-- before: CREATE TABLE users (id bigint PRIMARY KEY);
-- before: CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, created_at timestamptz);
-- before: CREATE INDEX orders_user_created_idx ON orders (user_id, created_at);
-- expect: none
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users NOT VALID;
CREATE TABLE payments (id bigint PRIMARY KEY, order_id bigint REFERENCES orders);
CREATE INDEX payments_order_idx ON payments (order_id);
CREATE TABLE order_lines (order_id bigint REFERENCES orders, line int, PRIMARY KEY (order_id, line));
CREATE TABLE refunds (payment_id bigint UNIQUE REFERENCES payments);
