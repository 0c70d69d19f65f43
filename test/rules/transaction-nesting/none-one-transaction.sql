-- expect: none
BEGIN;
ALTER TABLE warehouses ADD COLUMN city text;
COMMIT;
START TRANSACTION;
ALTER TABLE warehouses ADD COLUMN state text;
ROLLBACK;
