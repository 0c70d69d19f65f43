-- settings: {"assumeInTransaction": true}
-- expect: require-concurrent-index-deletion@3
DROP INDEX warehouses_city_idx;
