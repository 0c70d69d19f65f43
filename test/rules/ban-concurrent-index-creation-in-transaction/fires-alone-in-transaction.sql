-- expect: ban-concurrent-index-creation-in-transaction@3
BEGIN;
CREATE INDEX CONCURRENTLY IF NOT EXISTS warehouses_city_idx ON warehouses (city);
COMMIT; -- the fix removes BEGIN and COMMIT
