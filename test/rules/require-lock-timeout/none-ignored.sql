-- expect: none
-- squawk-ignore-file require-lock-timeout
ALTER TABLE warehouses ADD COLUMN city text;
