-- expect: none
ALTER TABLE warehouses ADD CONSTRAINT warehouses_code_key UNIQUE USING INDEX warehouses_code_idx;
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS warehouses_slug_idx ON warehouses (slug);
