-- expect: none
-- separate transactions, new tables, weak locks
BEGIN;
ALTER TABLE warehouses ADD COLUMN region text;
COMMIT;
BEGIN;
ALTER TABLE stock ADD COLUMN region text;
CREATE TABLE regions (code text PRIMARY KEY);
ALTER TABLE regions ADD COLUMN name text;
ALTER TABLE stock VALIDATE CONSTRAINT stock_qty_check;
UPDATE shipments SET region = 'eu' WHERE id < 100;
CREATE INDEX CONCURRENTLY IF NOT EXISTS x ON y (z);
COMMIT;
ALTER TABLE warehouses ADD COLUMN timezone text;
ALTER TABLE stock ADD COLUMN timezone text;
