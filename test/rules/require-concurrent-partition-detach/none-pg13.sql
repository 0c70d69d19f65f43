-- settings: {"postgresVersion": 13}
-- expect: none
-- DETACH PARTITION CONCURRENTLY arrives in PostgreSQL 14
ALTER TABLE shipments DETACH PARTITION shipments_2019;
