-- squawk-ignore-file ban-concurrent-index-creation-in-transaction
-- settings: {"assumeInTransaction": true}
-- expect: none
SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY warehouses_city_idx ON warehouses (city);
