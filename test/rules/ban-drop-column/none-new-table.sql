-- expect: none
CREATE TABLE warehouses (id bigint PRIMARY KEY, legacy_code text);
ALTER TABLE warehouses DROP COLUMN legacy_code;
