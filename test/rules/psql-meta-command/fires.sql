-- expect: psql-meta-command@2, require-concurrent-index-creation@4
\set ON_ERROR_STOP on
SET lock_timeout = '2s';
CREATE INDEX warehouses_city_idx ON warehouses (city);
