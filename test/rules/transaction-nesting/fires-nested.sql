-- expect: transaction-nesting@4
BEGIN;
ALTER TABLE warehouses ADD COLUMN city text;
BEGIN;
ALTER TABLE warehouses ADD COLUMN state text;
COMMIT;
