-- settings: {"postgresVersion": 18}
-- expect: adding-not-nullable-field@3
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
