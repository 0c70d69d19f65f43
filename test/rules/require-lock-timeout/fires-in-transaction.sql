-- expect: require-lock-timeout@4
BEGIN;
-- add the address columns
ALTER TABLE warehouses ADD COLUMN city text;
COMMIT;
