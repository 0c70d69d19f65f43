-- settings: {"assumeInTransaction": true}
-- expect: adding-field-with-default@5
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE warehouses ADD COLUMN token uuid DEFAULT gen_random_uuid();
COMMIT;
