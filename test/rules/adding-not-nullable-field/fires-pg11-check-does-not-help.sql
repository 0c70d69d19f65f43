-- settings: {"postgresVersion": 11}
-- expect: adding-not-nullable-field@5
ALTER TABLE warehouses ADD CONSTRAINT warehouses_city_not_null CHECK (city IS NOT NULL) NOT VALID;
ALTER TABLE warehouses VALIDATE CONSTRAINT warehouses_city_not_null;
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
