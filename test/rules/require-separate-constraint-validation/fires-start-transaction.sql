-- expect: require-separate-constraint-validation@4
START TRANSACTION;
ALTER TABLE public.orders RENAME COLUMN total TO amount;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
COMMIT;
