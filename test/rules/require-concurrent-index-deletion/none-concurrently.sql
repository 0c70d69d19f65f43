-- expect: none
DROP INDEX CONCURRENTLY warehouses_city_idx;
DROP INDEX CONCURRENTLY IF EXISTS warehouses_state_idx;
