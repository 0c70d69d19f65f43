-- expect: adding-not-nullable-field@3
ALTER TABLE warehouses ADD CONSTRAINT warehouses_city_not_null CHECK (city IS NOT NULL) NOT VALID;
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
