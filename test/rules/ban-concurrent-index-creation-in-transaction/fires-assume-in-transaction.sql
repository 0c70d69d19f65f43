-- settings: {"assumeInTransaction": true}
-- expect: ban-concurrent-index-creation-in-transaction@4
SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY warehouses_city_idx ON warehouses (city);
