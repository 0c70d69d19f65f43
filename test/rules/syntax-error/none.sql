-- expect: none
ALTER TABLE warehouses ADD COLUMN city text NOT NULL DEFAULT '';
