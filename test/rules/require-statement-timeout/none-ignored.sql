-- expect: none
-- squawk-ignore-file require-timeout-settings
ALTER TABLE warehouses ADD COLUMN city text;
