-- expect: none
ALTER TABLE warehouses ADD CONSTRAINT warehouses_city_not_null CHECK (city IS NOT NULL);
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
