-- expect: require-concurrent-index-deletion@2, require-concurrent-index-deletion@3
DROP INDEX warehouses_city_idx, warehouses_state_idx;
DROP INDEX warehouses_zip_idx CASCADE;
