-- expect: none
CREATE TABLE warehouses (id bigint PRIMARY KEY, city text CHECK (length(city) <= 100), code varchar, flag char(1));
ALTER TABLE warehouses ALTER COLUMN city TYPE text;
