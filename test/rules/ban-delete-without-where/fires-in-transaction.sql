-- expect: ban-delete-without-where@4
-- settings: {"assumeInTransaction": true}
ALTER TABLE warehouses ADD COLUMN region text;
DELETE FROM stock_movements;
