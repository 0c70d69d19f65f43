-- expect: enum-value-used-in-same-transaction@4, enum-value-used-in-same-transaction@5
BEGIN;
ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';
UPDATE orders SET status = 'refunded' WHERE refund_id IS NOT NULL;
INSERT INTO order_status_labels (status, label) VALUES ('refunded'::order_status, 'Refunded');
COMMIT;
