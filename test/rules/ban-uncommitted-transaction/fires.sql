-- expect: ban-uncommitted-transaction@2
BEGIN;
ALTER TABLE warehouses ADD COLUMN city text;
