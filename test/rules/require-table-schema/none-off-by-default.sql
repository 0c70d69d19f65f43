-- expect: none
-- opt-in: off unless enabled in the configuration
CREATE TABLE warehouses (id bigint PRIMARY KEY);
