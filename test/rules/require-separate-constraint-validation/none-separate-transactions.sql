-- expect: none
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
BEGIN;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
COMMIT;
-- no transaction: each statement commits on its own
ALTER TABLE orders ADD COLUMN tag text;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
