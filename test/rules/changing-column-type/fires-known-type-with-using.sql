-- expect: changing-column-type@3
ALTER TABLE inventory ADD COLUMN code varchar(50);
ALTER TABLE inventory ALTER COLUMN code TYPE text USING upper(code);
