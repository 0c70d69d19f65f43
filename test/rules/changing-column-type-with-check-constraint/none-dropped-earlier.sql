-- expect: none
BEGIN;
ALTER TABLE products ADD COLUMN weight integer CHECK (weight > 0);
ALTER TABLE products ADD CONSTRAINT products_price_positive CHECK (price > 0);
ALTER TABLE products DROP CONSTRAINT products_price_positive;
ALTER TABLE products DROP COLUMN weight;
ALTER TABLE products ADD COLUMN weight bigint;
ALTER TABLE products ALTER COLUMN weight TYPE numeric, ALTER COLUMN price TYPE numeric;
COMMIT;
