-- settings: {"postgresVersion": 18}
-- expect: none
ALTER TABLE warehouses ADD CONSTRAINT warehouses_city_not_null NOT NULL city NOT VALID;
ALTER TABLE warehouses VALIDATE CONSTRAINT warehouses_city_not_null;
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
