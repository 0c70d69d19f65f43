-- expect: adding-foreign-key-constraint@2
ALTER TABLE inventory ADD COLUMN warehouse_id bigint REFERENCES warehouses (id);
