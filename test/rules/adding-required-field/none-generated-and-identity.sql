-- expect: none
ALTER TABLE warehouses ADD COLUMN code bigint NOT NULL GENERATED ALWAYS AS IDENTITY;
ALTER TABLE warehouses ADD COLUMN label text NOT NULL GENERATED ALWAYS AS (name || ' ' || city) STORED;
ALTER TABLE warehouses ADD COLUMN seq bigserial NOT NULL;
