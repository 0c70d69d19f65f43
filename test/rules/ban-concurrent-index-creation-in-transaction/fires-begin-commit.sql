-- expect: ban-concurrent-index-creation-in-transaction@3
BEGIN;
CREATE INDEX CONCURRENTLY warehouses_city_idx ON warehouses (city);
COMMIT;
