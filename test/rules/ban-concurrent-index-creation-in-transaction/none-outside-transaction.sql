-- expect: none
SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS warehouses_city_idx ON warehouses (city);
