-- settings: {"postgresVersion": 18}
-- expect: none
-- REPACK arrives in PostgreSQL 19
VACUUM FULL shipments;
CLUSTER shipments USING shipments_created_idx;
