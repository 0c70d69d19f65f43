-- expect: none
CREATE TABLE warehouses (id bigint PRIMARY KEY);
ALTER TABLE warehouses ADD COLUMN city text;
CREATE INDEX warehouses_city_idx ON warehouses (city);
CREATE FUNCTION one() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
