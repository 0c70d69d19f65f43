-- expect: none
-- no transaction: each statement commits on its own
ALTER TABLE warehouses ADD COLUMN region text;
UPDATE stock SET checked = true WHERE checked IS NULL;
-- the strong lock last
BEGIN;
UPDATE stock SET checked = true WHERE checked IS NULL;
ALTER TABLE warehouses ADD COLUMN timezone text;
COMMIT;
-- a new table
BEGIN;
CREATE TABLE regions (code text);
ALTER TABLE regions ADD COLUMN name text;
INSERT INTO regions VALUES ('eu', 'Europe');
COMMIT;
