-- settings: {"assumeInTransaction": true}
-- expect: constraint-missing-not-valid@5
ALTER TABLE inventory ADD CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id) NOT VALID;
SELECT 1;
ALTER TABLE inventory VALIDATE CONSTRAINT inventory_warehouse_fk;
