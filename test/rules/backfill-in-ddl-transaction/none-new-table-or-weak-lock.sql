-- expect: none
BEGIN;
CREATE TABLE regions (code text PRIMARY KEY, name text);
ALTER TABLE regions ADD COLUMN active boolean;
UPDATE regions SET active = true;
ALTER TABLE orders SET (fillfactor = 90);
INSERT INTO regions VALUES ('eu', 'Europe');
UPDATE orders SET region = 'eu' WHERE region IS NULL;
COMMIT;
