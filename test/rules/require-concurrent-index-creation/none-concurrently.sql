-- expect: none
CREATE INDEX CONCURRENTLY IF NOT EXISTS warehouses_city_idx ON warehouses (city);
