-- expect: wide-lock-window@4
BEGIN;
ALTER TABLE warehouses ADD COLUMN region text;
ALTER TABLE stock ADD COLUMN region text;
COMMIT;
