-- expect: none
ALTER TABLE inventory ADD CONSTRAINT inventory_quantity_positive CHECK (quantity >= 0) NOT VALID;
