-- expect: ban-uncommitted-transaction@5
START TRANSACTION;
ALTER TABLE warehouses ADD COLUMN city text;
COMMIT;
START TRANSACTION ISOLATION LEVEL SERIALIZABLE;
UPDATE warehouses SET city = 'Delft'; -- backfill
