-- expect: none
ALTER TABLE warehouses ADD CONSTRAINT warehouses_address_not_null CHECK (city IS NOT NULL AND (state IS NOT NULL)) NOT VALID;
ALTER TABLE warehouses VALIDATE CONSTRAINT warehouses_address_not_null;
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL, ALTER COLUMN state SET NOT NULL;
