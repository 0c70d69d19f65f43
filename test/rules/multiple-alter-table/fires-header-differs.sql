-- expect: multiple-alter-table@3
ALTER TABLE warehouses ADD COLUMN region text;
ALTER TABLE IF EXISTS ONLY warehouses ADD COLUMN timezone text;
