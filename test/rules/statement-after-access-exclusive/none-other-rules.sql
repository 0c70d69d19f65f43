-- expect: multiple-alter-table@4, wide-lock-window@5
-- settings: {"assumeInTransaction": true}
ALTER TABLE warehouses ADD COLUMN region text;
ALTER TABLE warehouses ADD COLUMN timezone text;
ALTER TABLE stock ADD COLUMN region text;
