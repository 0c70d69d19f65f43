-- expect: none
-- Created earlier in the file, outside any transaction: still empty.
CREATE TABLE warehouses (id bigint PRIMARY KEY, code text);
ALTER TABLE warehouses ADD CONSTRAINT warehouses_code_key UNIQUE (code);
ALTER TABLE warehouses ADD COLUMN slug text UNIQUE;
