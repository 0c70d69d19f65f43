-- expect: none
-- a new table, a backfill in between, a VALIDATE in between, a transaction boundary, weak locks
CREATE TABLE regions (code text);
ALTER TABLE regions ADD COLUMN name text;
ALTER TABLE regions ADD COLUMN country text;
ALTER TABLE stock ADD CONSTRAINT stock_qty_not_null CHECK (qty IS NOT NULL) NOT VALID;
ALTER TABLE stock VALIDATE CONSTRAINT stock_qty_not_null;
ALTER TABLE stock ALTER COLUMN qty SET NOT NULL;
UPDATE stock SET qty = 0 WHERE qty IS NULL AND id < 1000;
ALTER TABLE stock ALTER COLUMN qty SET DEFAULT 0;
START TRANSACTION;
ALTER TABLE stock ALTER COLUMN sku SET DEFAULT '';
COMMIT;
ALTER TABLE stock SET (fillfactor = 90);
ALTER TABLE stock ALTER COLUMN sku SET STATISTICS 500;
ALTER TABLE other_stock ADD COLUMN sku text;
