-- expect: changing-column-type@2
ALTER TABLE inventory ALTER COLUMN quantity TYPE bigint;
