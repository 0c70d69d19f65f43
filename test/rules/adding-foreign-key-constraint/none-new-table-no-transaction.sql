-- expect: none
CREATE TABLE public.inventory (id bigint PRIMARY KEY, warehouse_id bigint);
ALTER TABLE inventory ADD CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id);
