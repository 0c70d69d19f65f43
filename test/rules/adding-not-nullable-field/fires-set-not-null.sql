-- expect: adding-not-nullable-field@3
SET lock_timeout = '2s';
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
