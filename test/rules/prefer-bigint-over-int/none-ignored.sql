-- expect: none
-- squawk-ignore prefer-bigint-over-int
CREATE TABLE shipments (quantity integer);
