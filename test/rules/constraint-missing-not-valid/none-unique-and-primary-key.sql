-- expect: none
-- UNIQUE and PRIMARY KEY cannot be NOT VALID: disallowed-unique-constraint and
-- adding-serial-primary-key-field report them.
ALTER TABLE inventory ADD CONSTRAINT inventory_sku_key UNIQUE (sku);
ALTER TABLE inventory ADD PRIMARY KEY (id);
