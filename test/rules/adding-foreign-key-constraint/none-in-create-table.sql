-- expect: none
CREATE TABLE inventory (
  id bigint PRIMARY KEY,
  warehouse_id bigint NOT NULL REFERENCES warehouses (id),
  CONSTRAINT inventory_menu_fk FOREIGN KEY (id) REFERENCES menu_items (id)
);
