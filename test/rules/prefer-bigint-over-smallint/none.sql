-- expect: none
CREATE TABLE shipments (id bigserial PRIMARY KEY, quantity integer, code int8, kind myschema.int2);
ALTER TABLE shipments ALTER COLUMN quantity TYPE bigint;
