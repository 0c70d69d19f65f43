-- expect: none
BEGIN;
ALTER TABLE inventory ADD CONSTRAINT quantity_positive CHECK (quantity >= 0) NOT VALID;
ALTER TABLE menu VALIDATE CONSTRAINT quantity_positive;
COMMIT;
