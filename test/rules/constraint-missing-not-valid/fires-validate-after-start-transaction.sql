-- expect: constraint-missing-not-valid@5
START TRANSACTION;
ALTER TABLE inventory ADD CONSTRAINT inventory_quantity_positive CHECK (quantity >= 0) NOT VALID;
-- validate later... but this is the same transaction
ALTER TABLE inventory VALIDATE CONSTRAINT inventory_quantity_positive;
COMMIT;
