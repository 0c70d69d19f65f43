-- settings: {"assumeInTransaction": true}
-- expect: prefer-text-field@4
CREATE TABLE warehouses (id bigint PRIMARY KEY);
ALTER TABLE warehouses ADD COLUMN city pg_catalog.varchar(80);
