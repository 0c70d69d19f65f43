-- expect: none
BEGIN;
CREATE TABLE warehouses (id bigint PRIMARY KEY);
ALTER TABLE shipments ADD COLUMN city text;
CREATE INDEX shipments_city_idx ON shipments (city);
DROP TABLE legacy_stock;
COMMIT;
