-- expect: changing-column-type-with-check-constraint@4
-- one constraint on two changed columns is re-checked once, and reported once
ALTER TABLE products ADD CONSTRAINT products_price_or_code CHECK (price > 0 OR code IS NOT NULL);
ALTER TABLE products ALTER COLUMN price TYPE numeric, ALTER COLUMN code TYPE text;
