-- expect: syntax-error@3, require-concurrent-index-creation@4
SET lock_timeout = '2s';
ALTER TABLE warehouses ADD COLUMN city text NOT NUL;
CREATE INDEX warehouses_city_idx ON warehouses (city);
