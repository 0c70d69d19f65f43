-- expect: prefer-identity@2, prefer-identity@4
CREATE TABLE shipments (id bigserial PRIMARY KEY, note text);
-- a second counter on an existing table
ALTER TABLE warehouses ADD COLUMN legacy_id serial;
