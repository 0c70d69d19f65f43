-- expect: multiple-alter-table@3, multiple-alter-table@5
ALTER TABLE warehouses ADD COLUMN region text;
ALTER TABLE IF EXISTS ONLY warehouses ADD COLUMN timezone text;
-- safeshift-ignore prefer-robust-stmts
ALTER TABLE IF EXISTS ONLY warehouses ADD COLUMN country text;
