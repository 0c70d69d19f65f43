-- settings: {"postgresVersion": 11}
-- expect: none
-- before PostgreSQL 12 the ADD VALUE itself cannot run in a transaction block
BEGIN;
ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';
UPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL;
COMMIT;
