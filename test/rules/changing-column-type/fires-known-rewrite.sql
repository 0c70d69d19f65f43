-- expect: changing-column-type@4, changing-column-type@5
ALTER TABLE inventory ADD COLUMN code varchar(50), ADD COLUMN batch integer;
-- shorter varchar and integer to bigint both rewrite the table
ALTER TABLE inventory ALTER COLUMN code TYPE varchar(10);
ALTER TABLE inventory ALTER COLUMN batch TYPE bigint;
