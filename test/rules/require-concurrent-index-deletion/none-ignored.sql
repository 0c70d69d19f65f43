-- expect: none
-- squawk-ignore require-concurrent-index-deletion
DROP INDEX warehouses_city_idx;
