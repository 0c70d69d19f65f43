-- expect: adding-required-field@3
CREATE TABLE warehouses_copy AS SELECT * FROM warehouses;
ALTER TABLE warehouses_copy ADD COLUMN city text NOT NULL;
