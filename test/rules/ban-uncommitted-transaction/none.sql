-- expect: none
BEGIN;
ALTER TABLE warehouses ADD COLUMN city text;
COMMIT;
START TRANSACTION;
SAVEPOINT before_backfill;
UPDATE warehouses SET city = '';
ROLLBACK TO SAVEPOINT before_backfill;
END;
BEGIN;
DELETE FROM warehouses WHERE city IS NULL;
ROLLBACK;
BEGIN;
PREPARE TRANSACTION 'migration-1';
COMMIT PREPARED 'migration-1';
