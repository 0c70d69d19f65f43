-- expect: none
-- squawk-ignore prefer-text-field
CREATE TABLE warehouses (id bigint PRIMARY KEY, city varchar(100));
