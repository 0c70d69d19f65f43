-- settings: {"postgresVersion": 13}
-- expect: none
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
REINDEX INDEX CONCURRENTLY orders_customer_id_idx;
