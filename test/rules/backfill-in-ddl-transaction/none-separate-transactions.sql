-- expect: none
BEGIN;
ALTER TABLE orders ADD COLUMN region text;
COMMIT;
UPDATE orders SET region = 'eu' WHERE country IN ('de', 'fr');
-- no transaction: the ALTER commits before the UPDATE starts
ALTER TABLE orders ADD COLUMN tier text;
UPDATE orders SET tier = 'basic' WHERE id < 1000;
