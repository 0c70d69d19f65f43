-- expect: none
-- squawk-ignore adding-foreign-key-constraint
ALTER TABLE inventory ADD CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id);
ALTER TABLE inventory ADD COLUMN menu_item_id bigint REFERENCES menu_items (id); -- safeshift-ignore adding-foreign-key-constraint
