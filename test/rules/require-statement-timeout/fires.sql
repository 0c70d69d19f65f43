-- expect: require-statement-timeout@3
SET lock_timeout = '2s';
ALTER TABLE warehouses ADD COLUMN city text;
ALTER TABLE warehouses ADD COLUMN state text;
