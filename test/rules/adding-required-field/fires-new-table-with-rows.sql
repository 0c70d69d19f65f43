-- expect: adding-required-field@5
CREATE TABLE warehouses (id bigint PRIMARY KEY);
INSERT INTO warehouses (id) VALUES (1), (2);
-- The table has rows now, so the ALTER fails.
ALTER TABLE warehouses ADD COLUMN city text NOT NULL;
