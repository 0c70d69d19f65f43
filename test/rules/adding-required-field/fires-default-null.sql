-- expect: adding-required-field@2
ALTER TABLE warehouses ADD COLUMN city text DEFAULT NULL NOT NULL;
