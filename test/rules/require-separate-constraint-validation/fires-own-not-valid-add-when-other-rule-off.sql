-- settings: {"rules": {"constraint-missing-not-valid": "off"}}
-- expect: require-separate-constraint-validation@5
BEGIN;
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total > 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
COMMIT;
