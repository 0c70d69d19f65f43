-- expect: require-separate-constraint-validation@3
-- the ADD COLUMN's ACCESS EXCLUSIVE lock is held while the same statement validates
ALTER TABLE orders ADD COLUMN note text, VALIDATE CONSTRAINT orders_total_positive;
