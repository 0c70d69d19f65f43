-- settings: {"assumeInTransaction": true}
-- expect: none
ALTER TABLE warehouses ADD COLUMN city text;
COMMIT;
CREATE INDEX CONCURRENTLY warehouses_city_idx ON warehouses (city);
