-- The same kind of change written safely: a lock timeout, a nullable column with a constant
-- default (no table rewrite since PostgreSQL 11), and the index built concurrently.
-- This file runs outside a transaction so CREATE INDEX CONCURRENTLY is allowed.
SET lock_timeout = '2s';

ALTER TABLE warehouses ADD COLUMN region text DEFAULT 'unknown';

CREATE INDEX CONCURRENTLY IF NOT EXISTS warehouses_region_idx ON warehouses (region);
