-- expect: require-concurrent-reindex@2, require-concurrent-reindex@3, require-concurrent-reindex@4
REINDEX INDEX warehouses_city_idx;
REINDEX (VERBOSE) TABLE warehouses;
REINDEX SCHEMA public;
