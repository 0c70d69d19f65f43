-- expect: ban-uncommitted-transaction@2
BEGIN;
ALTER TABLE warehouses ADD COLUMN city text;
-- prepared, then never COMMIT PREPARED: nothing is applied and the locks stay held
PREPARE TRANSACTION 'add-city';
