-- expect: backfill-in-ddl-transaction@4, backfill-in-ddl-transaction@5
BEGIN;
ALTER TABLE orders ADD COLUMN region text;
UPDATE orders SET region = 'eu' WHERE country IN ('de', 'fr');
DELETE FROM orders WHERE region IS NULL AND created_at < now() - interval '10 years';
COMMIT;
