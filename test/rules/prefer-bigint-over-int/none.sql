-- expect: none
CREATE TABLE shipments (id bigserial PRIMARY KEY, quantity bigint, code int8, priority smallint, weight numeric, kind myschema.int4);
-- Not a column declaration.
CREATE FUNCTION shipment_count(n integer) RETURNS integer LANGUAGE sql AS 'SELECT n';
CREATE TABLE shipment_copy AS SELECT 1::integer AS n;
