-- expect: adding-not-nullable-field@4
ALTER TABLE warehouses ADD CONSTRAINT warehouses_state_not_null CHECK (state IS NOT NULL) NOT VALID;
ALTER TABLE warehouses VALIDATE CONSTRAINT warehouses_state_not_null;
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
