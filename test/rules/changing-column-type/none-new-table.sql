-- expect: none
CREATE TABLE inventory (id bigint PRIMARY KEY, quantity integer);
ALTER TABLE inventory ALTER COLUMN quantity TYPE bigint;
