-- settings: {"postgresVersion": "14.0"}
-- expect: index-corruption-pg14@3, index-corruption-pg14@4, index-corruption-pg14@5
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
REINDEX INDEX CONCURRENTLY orders_customer_id_idx;
REINDEX TABLE CONCURRENTLY orders;
