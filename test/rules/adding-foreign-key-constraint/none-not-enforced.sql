-- settings: {"postgresVersion": 18}
-- expect: none
ALTER TABLE inventory ADD CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id) NOT ENFORCED;
