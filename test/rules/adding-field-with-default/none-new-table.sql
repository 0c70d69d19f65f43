-- expect: none
CREATE TABLE warehouses (id bigint PRIMARY KEY);
ALTER TABLE warehouses ADD COLUMN token uuid DEFAULT gen_random_uuid();
