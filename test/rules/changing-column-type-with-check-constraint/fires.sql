-- expect: changing-column-type-with-check-constraint@4, changing-column-type-with-check-constraint@5
ALTER TABLE products ADD CONSTRAINT products_code_length CHECK (length(code) <= 20) NOT VALID;
ALTER TABLE products VALIDATE CONSTRAINT products_code_length;
ALTER TABLE products ALTER COLUMN code TYPE varchar(40);
ALTER TABLE products ALTER COLUMN code TYPE text;
