-- expect: none
ALTER TABLE products ADD CONSTRAINT products_code_length CHECK (length(code) <= 20) NOT VALID;
ALTER TABLE products VALIDATE CONSTRAINT products_code_length;
-- the recipe: drop, change, re-add NOT VALID in one statement (drops run first wherever they are written)
ALTER TABLE products
  ALTER COLUMN code TYPE varchar(40),
  DROP CONSTRAINT products_code_length,
  ADD CONSTRAINT products_code_length CHECK (length(code) <= 40) NOT VALID;
