-- expect: renaming-column@2
ALTER TABLE warehouses RENAME COLUMN town TO city;
