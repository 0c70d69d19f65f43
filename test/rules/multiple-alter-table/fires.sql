-- expect: multiple-alter-table@3, multiple-alter-table@4
ALTER TABLE warehouses ADD COLUMN region text;
ALTER TABLE warehouses ADD COLUMN timezone text;
alter table  warehouses ALTER COLUMN region SET DEFAULT 'eu', ALTER COLUMN timezone SET DEFAULT 'UTC';
