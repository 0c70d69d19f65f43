-- expect: none
CREATE TABLE IF NOT EXISTS warehouses (id bigint PRIMARY KEY);
ALTER TABLE shipments ADD COLUMN IF NOT EXISTS city text, DROP COLUMN IF EXISTS state;
ALTER TABLE shipments DROP CONSTRAINT IF EXISTS shipments_city_check;
ALTER TABLE shipments ADD CONSTRAINT shipments_city_check CHECK (city <> '');
CREATE INDEX CONCURRENTLY IF NOT EXISTS shipments_city_idx ON shipments (city);
CREATE INDEX CONCURRENTLY ON shipments (state);
DROP TABLE IF EXISTS legacy_stock;
DROP INDEX IF EXISTS legacy_idx;
CREATE TEMP TABLE scratch (id bigint) ON COMMIT DROP;
