-- expect: none
-- not known to be partitioned from this file alone
CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);
