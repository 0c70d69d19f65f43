-- expect: adding-foreign-key-constraint@3
SET lock_timeout = '2s';
ALTER TABLE inventory ADD CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id);
