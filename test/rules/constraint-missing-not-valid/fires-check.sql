-- expect: constraint-missing-not-valid@3
SET lock_timeout = '2s';
ALTER TABLE inventory ADD CONSTRAINT inventory_quantity_positive CHECK (quantity >= 0);
