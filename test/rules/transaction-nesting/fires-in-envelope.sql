-- settings: {"assumeInTransaction": true}
-- expect: transaction-nesting@3, transaction-nesting@5
BEGIN;
ALTER TABLE warehouses ADD COLUMN city text;
COMMIT;
