-- expect: none
CREATE TABLE warehouses (id bigint PRIMARY KEY, city text);
ALTER TABLE warehouses ALTER COLUMN city SET NOT NULL;
