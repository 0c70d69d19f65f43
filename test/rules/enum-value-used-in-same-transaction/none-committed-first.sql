-- expect: none
BEGIN;
ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';
COMMIT;
UPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL;
-- outside a transaction every statement commits on its own
ALTER TYPE order_status ADD VALUE 'disputed' AFTER 'refunded';
UPDATE orders SET status = 'disputed' WHERE dispute_id IS NOT NULL;
