-- expect: changing-column-type-with-check-constraint@5
BEGIN;
ALTER TABLE products ADD COLUMN weight integer CHECK (weight > 0);
COMMIT;
ALTER TABLE products ALTER COLUMN weight TYPE bigint;
