-- settings: {"assumeInTransaction": true}
-- expect: adding-foreign-key-constraint@3
ALTER TABLE inventory ADD CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id) -- comment
;
