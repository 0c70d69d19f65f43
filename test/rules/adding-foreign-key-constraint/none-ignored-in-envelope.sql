-- settings: {"assumeInTransaction": true}
-- expect: none
SET LOCAL lock_timeout = '2s';
-- safeshift-ignore adding-foreign-key-constraint -- inventory has 12 rows
ALTER TABLE inventory ADD CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id);
