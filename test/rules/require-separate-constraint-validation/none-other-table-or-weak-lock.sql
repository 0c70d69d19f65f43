-- settings: {"assumeInTransaction": true}
-- expect: none
ALTER TABLE customers ADD COLUMN note text;
ALTER TABLE orders SET (fillfactor = 90);
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive;
