-- expect: adding-foreign-key-constraint@4
-- Created in another schema, so "billing.inventory" is not new.
CREATE TABLE stock.inventory (id bigint PRIMARY KEY, warehouse_id bigint);
ALTER TABLE billing.inventory ADD CONSTRAINT inventory_warehouse_fk FOREIGN KEY (warehouse_id) REFERENCES warehouses (id);
