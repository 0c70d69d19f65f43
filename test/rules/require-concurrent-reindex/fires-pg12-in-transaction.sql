-- settings: {"postgresVersion": 12, "assumeInTransaction": true}
-- expect: require-concurrent-reindex@3
REINDEX TABLE warehouses;
