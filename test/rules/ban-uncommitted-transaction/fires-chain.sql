-- expect: ban-uncommitted-transaction@2
BEGIN;
ALTER TABLE warehouses ADD COLUMN city text;
-- AND CHAIN opens the next transaction at once
COMMIT AND CHAIN;
UPDATE warehouses SET city = '';
