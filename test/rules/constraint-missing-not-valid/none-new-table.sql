-- settings: {"assumeInTransaction": true}
-- expect: none
CREATE TABLE inventory (id bigint, quantity integer);
ALTER TABLE inventory ADD CONSTRAINT inventory_quantity_positive CHECK (quantity >= 0);
ALTER TABLE inventory ADD PRIMARY KEY (id);
ALTER TABLE inventory ADD CONSTRAINT inventory_quantity_min CHECK (quantity >= -1) NOT VALID;
ALTER TABLE inventory VALIDATE CONSTRAINT inventory_quantity_min;
