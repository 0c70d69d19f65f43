-- expect: none
BEGIN;
CREATE TABLE inventory (id bigint PRIMARY KEY, warehouse_id bigint);
ALTER TABLE inventory ADD CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id);
ALTER TABLE inventory ADD COLUMN menu_item_id bigint REFERENCES menu_items (id);
COMMIT;
