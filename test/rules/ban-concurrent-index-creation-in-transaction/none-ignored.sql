-- expect: none
BEGIN;
-- safeshift-ignore ban-concurrent-index-creation-in-transaction -- the runner splits this file
CREATE INDEX CONCURRENTLY warehouses_city_idx ON warehouses (city);
COMMIT;
