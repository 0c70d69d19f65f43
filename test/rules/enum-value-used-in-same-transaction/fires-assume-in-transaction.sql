-- settings: {"assumeInTransaction": true}
-- expect: enum-value-used-in-same-transaction@4
ALTER TYPE public.order_status ADD VALUE IF NOT EXISTS 'refunded' BEFORE 'shipped';
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'refunded';
