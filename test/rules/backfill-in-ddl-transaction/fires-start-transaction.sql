-- expect: backfill-in-ddl-transaction@4
START TRANSACTION;
ALTER TABLE public.orders ALTER COLUMN region SET DEFAULT 'eu';
UPDATE orders SET region = 'eu' WHERE region IS NULL;
COMMIT;
