-- expect: none
CREATE TABLE shipments (id bigint PRIMARY KEY, note text NOT NULL);
ALTER TABLE shipments ALTER COLUMN note DROP NOT NULL;
-- a column added earlier in this file: nothing reads it yet
ALTER TABLE warehouses ADD COLUMN code text NOT NULL DEFAULT '';
ALTER TABLE warehouses ALTER COLUMN code DROP NOT NULL;
