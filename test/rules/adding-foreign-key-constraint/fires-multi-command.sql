-- expect: adding-foreign-key-constraint@4, adding-foreign-key-constraint@5
ALTER TABLE inventory
  ADD COLUMN note text,
  ADD CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id) ON DELETE CASCADE,
  ADD FOREIGN KEY (menu_item_id, "Size") REFERENCES menu_items (id, size) DEFERRABLE INITIALLY DEFERRED;
