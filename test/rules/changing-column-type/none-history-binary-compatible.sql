-- before: CREATE DOMAIN email_address AS text CHECK (VALUE LIKE '%@%');
-- before: CREATE TABLE inventory (id bigint PRIMARY KEY, code varchar(50), note varchar(20), price numeric(10, 2), seen timestamp, contact email_address, net cidr);
-- settings: {"postgresVersion": 16}
-- expect: none
ALTER TABLE inventory ALTER COLUMN code TYPE varchar(100);
ALTER TABLE inventory ALTER COLUMN note TYPE text;
ALTER TABLE inventory ALTER COLUMN price TYPE numeric(14, 2);
ALTER TABLE inventory ALTER COLUMN contact TYPE text;
ALTER TABLE inventory ALTER COLUMN net TYPE inet;
SET LOCAL TimeZone = 'UTC';
ALTER TABLE inventory ALTER COLUMN seen TYPE timestamptz;
