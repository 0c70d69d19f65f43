-- expect: none
ALTER TABLE warehouses ADD COLUMN twon text;
ALTER TABLE warehouses RENAME COLUMN twon TO town;
