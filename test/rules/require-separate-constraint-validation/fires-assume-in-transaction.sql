-- settings: {"assumeInTransaction": true}
-- expect: require-separate-constraint-validation@5
CREATE INDEX orders_created_idx ON orders (created_at);
-- the index build's SHARE lock blocks writes until COMMIT
ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_fk;
