-- settings: {"postgresVersion": 12}
-- expect: none
ALTER TABLE warehouses ADD CONSTRAINT warehouses_city_not_null CHECK (city IS NOT NULL) NOT VALID;
COMMIT;
ALTER TABLE warehouses VALIDATE CONSTRAINT warehouses_city_not_null;
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
ALTER TABLE warehouses DROP CONSTRAINT warehouses_city_not_null;
