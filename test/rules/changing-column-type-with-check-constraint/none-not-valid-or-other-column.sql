-- expect: none
-- a NOT VALID constraint is re-added NOT VALID: nothing is re-checked
ALTER TABLE products ADD CONSTRAINT products_code_length CHECK (length(code) <= 20) NOT VALID;
ALTER TABLE products ALTER COLUMN code TYPE varchar(40);
ALTER TABLE products ADD CONSTRAINT products_price_positive CHECK (price > 0) NOT VALID;
ALTER TABLE products VALIDATE CONSTRAINT products_price_positive;
ALTER TABLE products ALTER COLUMN name TYPE text;
ALTER TABLE orders ALTER COLUMN price TYPE numeric;
