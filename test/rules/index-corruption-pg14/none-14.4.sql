-- settings: {"postgresVersion": "14.4"}
-- expect: none
-- fixed in 14.4
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
REINDEX INDEX CONCURRENTLY orders_customer_id_idx;
