-- expect: require-concurrent-index-creation@3
SET lock_timeout = '2s';
CREATE INDEX warehouses_city_idx ON warehouses (city);
