-- settings: {"assumeInTransaction": true}
-- expect: identifier-too-long@4
CREATE TABLE warehouses (id bigint PRIMARY KEY);
ALTER TABLE warehouses ADD CONSTRAINT warehouses_id_must_be_positive_and_below_the_configured_maximum_id CHECK (id > 0);
