-- expect: require-concurrent-index-creation@3
BEGIN;
CREATE INDEX IF NOT EXISTS warehouses_city_idx ON warehouses (city);
COMMIT;
