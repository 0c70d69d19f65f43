-- settings: {"postgresVersion": 11}
-- expect: none
-- REINDEX CONCURRENTLY arrives in PostgreSQL 12
REINDEX TABLE warehouses;
