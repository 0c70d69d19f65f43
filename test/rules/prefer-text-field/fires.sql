-- expect: prefer-text-field@2, prefer-text-field@2, prefer-text-field@3, prefer-text-field@4
CREATE TABLE warehouses (id bigint PRIMARY KEY, city varchar(100), code character varying(8) NOT NULL);
ALTER TABLE warehouses ADD COLUMN tags varchar(20)[];
ALTER TABLE warehouses ALTER COLUMN city TYPE VARCHAR(200);
