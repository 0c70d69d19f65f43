-- settings: {"postgresVersion": 19}
-- expect: prefer-repack@3
VACUUM FULL shipments;
