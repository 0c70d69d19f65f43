-- before: CREATE TABLE inventory (id bigint PRIMARY KEY, quantity integer, code varchar(50), seen timestamp);
-- expect: changing-column-type@4, changing-column-type@5, changing-column-type@6
-- integer to bigint, a shorter varchar, and timestamp to timestamptz without a UTC session all rewrite
ALTER TABLE inventory ALTER COLUMN quantity TYPE bigint;
ALTER TABLE inventory ALTER COLUMN code TYPE varchar(10);
ALTER TABLE inventory ALTER COLUMN seen TYPE timestamptz;
