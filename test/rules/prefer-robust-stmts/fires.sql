-- expect: prefer-robust-stmts@2, prefer-robust-stmts@3, prefer-robust-stmts@4, prefer-robust-stmts@5, prefer-robust-stmts@6, prefer-robust-stmts@7, prefer-robust-stmts@8
CREATE TABLE warehouses (id bigint PRIMARY KEY);
ALTER TABLE shipments ADD COLUMN city text;
ALTER TABLE shipments DROP COLUMN state;
ALTER TABLE shipments DROP CONSTRAINT shipments_city_check;
CREATE INDEX shipments_city_idx ON shipments (city);
DROP TABLE legacy_stock;
DROP TYPE legacy_status;
