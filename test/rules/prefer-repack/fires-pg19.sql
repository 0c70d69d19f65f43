-- settings: {"postgresVersion": 19}
-- expect: prefer-repack@3, prefer-repack@4, prefer-repack@5
VACUUM FULL shipments;
VACUUM (FULL, ANALYZE) shipments, warehouses;
CLUSTER shipments USING shipments_created_idx;
