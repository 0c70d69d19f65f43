-- expect: none
SET lock_timeout = '2s';
ALTER TABLE warehouses ADD COLUMN city text;
