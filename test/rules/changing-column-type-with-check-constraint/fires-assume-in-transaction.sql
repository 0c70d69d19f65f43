-- settings: {"assumeInTransaction": true}
-- expect: changing-column-type-with-check-constraint@5
ALTER TABLE products ADD CONSTRAINT products_price_range CHECK (price >= 0 AND products.price < 1000000);
ALTER TABLE products ADD CONSTRAINT products_code_length CHECK (length(code) <= 20) NOT VALID;
ALTER TABLE public.products ALTER COLUMN price TYPE numeric(12, 2), ALTER COLUMN code TYPE varchar(40);
