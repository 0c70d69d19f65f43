-- expect: none
CREATE TABLE warehouses (id bigint PRIMARY KEY);
ALTER TABLE warehouses ADD COLUMN city text NOT NULL;
