-- expect: constraint-missing-not-valid@4
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
COMMIT;
