-- expect: none
BEGIN;
SELECT 1;
ROLLBACK;
CREATE INDEX CONCURRENTLY warehouses_city_idx ON warehouses (city);
START TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SELECT 2;
END;
CREATE INDEX CONCURRENTLY warehouses_state_idx ON warehouses (state);
