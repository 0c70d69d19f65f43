-- expect: none
ALTER TABLE inventory ADD COLUMN code varchar(50), ADD COLUMN note varchar(20), ADD COLUMN price numeric(10, 2), ADD COLUMN seen timestamp(0), ADD COLUMN net cidr;
ALTER TABLE inventory ALTER COLUMN code TYPE varchar(100);
ALTER TABLE inventory ALTER COLUMN note TYPE text;
ALTER TABLE inventory ALTER COLUMN price TYPE numeric(14, 2);
ALTER TABLE inventory ALTER COLUMN seen TYPE timestamp(3);
ALTER TABLE inventory ALTER COLUMN net TYPE inet;
