-- expect: multiple-alter-table@3, multiple-alter-table@4
ALTER TABLE ONLY warehouses ADD COLUMN region text;
ALTER TABLE ONLY warehouses ADD COLUMN timezone text;
ALTER TABLE ONLY warehouses ADD COLUMN country text;
