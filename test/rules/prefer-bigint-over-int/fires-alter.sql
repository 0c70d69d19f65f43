-- expect: prefer-bigint-over-int@2, prefer-bigint-over-int@3
ALTER TABLE shipments ADD COLUMN id serial;
ALTER TABLE shipments ALTER COLUMN quantity TYPE integer USING quantity::integer;
