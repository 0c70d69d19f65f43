-- expect: adding-required-field@2
ALTER TABLE warehouses ADD COLUMN code integer PRIMARY KEY;
