-- expect: none
-- The CHECK ... NOT VALID was added by the previous migration.
ALTER TABLE warehouses VALIDATE CONSTRAINT warehouses_city_not_null;
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
