-- settings: {"rules": {"require-table-schema": "warning"}}
-- expect: require-table-schema@3, require-table-schema@4, require-table-schema@5, require-table-schema@6, require-table-schema@6
CREATE TABLE warehouses (id bigint PRIMARY KEY);
ALTER TABLE warehouses ADD COLUMN city text;
CREATE TABLE warehouse_copy AS SELECT * FROM public.warehouses;
DROP TABLE warehouse_copy, legacy_stock;
