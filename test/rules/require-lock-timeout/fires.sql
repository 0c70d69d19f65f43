-- expect: require-lock-timeout@2
ALTER TABLE warehouses ADD COLUMN city text;
ALTER TABLE warehouses ADD COLUMN state text;
