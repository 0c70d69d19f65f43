-- expect: none
ALTER TABLE inventory ADD CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id) NOT VALID;
ALTER TABLE inventory VALIDATE CONSTRAINT inventory_warehouse_fk;
