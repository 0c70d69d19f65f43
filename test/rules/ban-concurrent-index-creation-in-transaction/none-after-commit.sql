-- expect: none
BEGIN;
ALTER TABLE warehouses ADD COLUMN city text;
COMMIT;
CREATE INDEX CONCURRENTLY warehouses_city_idx ON warehouses (city);
