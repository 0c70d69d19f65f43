-- expect: require-separate-constraint-validation@5
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
COMMIT;
