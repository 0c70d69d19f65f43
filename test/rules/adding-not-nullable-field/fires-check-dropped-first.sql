-- expect: adding-not-nullable-field@4
ALTER TABLE warehouses ADD CONSTRAINT warehouses_city_not_null CHECK (city IS NOT NULL);
ALTER TABLE warehouses DROP CONSTRAINT warehouses_city_not_null;
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
