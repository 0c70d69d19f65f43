-- expect: adding-not-nullable-field@4
ALTER TABLE menu ADD CONSTRAINT menu_city_not_null CHECK (city IS NOT NULL) NOT VALID;
ALTER TABLE menu VALIDATE CONSTRAINT menu_city_not_null;
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
