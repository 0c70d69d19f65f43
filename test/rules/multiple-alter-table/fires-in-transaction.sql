-- expect: multiple-alter-table@4
BEGIN;
ALTER TABLE stock ALTER COLUMN qty SET NOT NULL;
ALTER TABLE stock DROP CONSTRAINT stock_qty_not_null;
COMMIT;
