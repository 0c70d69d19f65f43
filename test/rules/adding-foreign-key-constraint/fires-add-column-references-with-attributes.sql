-- expect: adding-foreign-key-constraint@3
ALTER TABLE inventory
  ADD COLUMN warehouse_id bigint CONSTRAINT inventory_warehouse_fk REFERENCES warehouses (id) ON DELETE SET NULL DEFERRABLE NOT NULL DEFAULT 0, -- note
  ADD COLUMN note text;
