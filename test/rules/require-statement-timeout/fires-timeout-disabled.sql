-- settings: {"assumeInTransaction": true}
-- expect: require-statement-timeout@5
SET LOCAL lock_timeout = '2s';
SET LOCAL statement_timeout = 0;
CREATE INDEX warehouses_city_idx ON warehouses (city);
