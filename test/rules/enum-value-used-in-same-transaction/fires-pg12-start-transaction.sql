-- settings: {"postgresVersion": 12}
-- expect: enum-value-used-in-same-transaction@5
START TRANSACTION;
ALTER TYPE order_status ADD VALUE 'refunded' AFTER 'paid';
SELECT count(*) FROM orders WHERE status = 'refunded';
COMMIT;
