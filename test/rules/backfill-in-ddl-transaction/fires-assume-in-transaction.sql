-- settings: {"assumeInTransaction": true}
-- expect: backfill-in-ddl-transaction@5
CREATE INDEX orders_region_idx ON orders (region);
-- the SHARE lock of the index build blocks writes to orders until COMMIT
UPDATE customers SET tier = 'gold' WHERE lifetime_value > 10000;
