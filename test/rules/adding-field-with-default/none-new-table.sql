-- expect: none
CREATE TABLE warehouses (id bigint PRIMARY KEY);
ALTER TABLE warehouses ADD COLUMN token uuid DEFAULT gen_random_uuid();
-- a foreign table stores no rows here
ALTER FOREIGN TABLE remote_warehouses ADD COLUMN token uuid DEFAULT gen_random_uuid();
