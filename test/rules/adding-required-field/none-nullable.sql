-- expect: none
ALTER TABLE warehouses ADD COLUMN city text;
ALTER TABLE warehouses ADD COLUMN state text NULL;
