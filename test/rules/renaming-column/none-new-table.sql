-- expect: none
CREATE TABLE warehouses (id bigint PRIMARY KEY, town text);
ALTER TABLE warehouses RENAME COLUMN town TO city;
