-- expect: none
BEGIN;
ALTER TABLE inventory ADD CONSTRAINT inventory_quantity_positive CHECK (quantity >= 0) NOT VALID;
COMMIT;
START TRANSACTION;
ALTER TABLE inventory VALIDATE CONSTRAINT inventory_quantity_positive;
COMMIT;
