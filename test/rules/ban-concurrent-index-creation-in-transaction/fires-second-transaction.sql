-- expect: ban-concurrent-index-creation-in-transaction@6
CREATE INDEX CONCURRENTLY warehouses_city_idx ON warehouses (city);
BEGIN;
SELECT 1;
-- still inside the second transaction
CREATE INDEX CONCURRENTLY warehouses_state_idx ON warehouses (state);
COMMIT;
