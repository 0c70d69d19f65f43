-- expect: changing-column-type@3, changing-column-type@4
ALTER TABLE inventory
  ALTER COLUMN quantity SET DATA TYPE bigint,
  ALTER price TYPE numeric(12, 2) USING price::numeric(12, 2),
  ALTER COLUMN note SET DEFAULT '';
