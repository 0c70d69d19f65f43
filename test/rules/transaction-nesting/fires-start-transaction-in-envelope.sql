-- settings: {"assumeInTransaction": true}
-- expect: transaction-nesting@3, transaction-nesting@5
START TRANSACTION;
ALTER TABLE warehouses ADD COLUMN city text;
END;
-- after the tool's transaction ended, this pair is an ordinary transaction
BEGIN;
ALTER TABLE warehouses ADD COLUMN state text;
COMMIT;
