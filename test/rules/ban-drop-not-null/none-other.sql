-- expect: none
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
ALTER TABLE warehouses ALTER COLUMN city DROP DEFAULT;
