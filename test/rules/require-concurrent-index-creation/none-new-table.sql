-- expect: none
CREATE TABLE warehouses (id bigint PRIMARY KEY, city text);
CREATE INDEX warehouses_city_idx ON warehouses (city);
