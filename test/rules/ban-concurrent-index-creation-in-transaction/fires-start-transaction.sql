-- expect: ban-concurrent-index-creation-in-transaction@5
START TRANSACTION;
SET LOCAL lock_timeout = '2s';
-- the index for the warehouse join
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS inventory_sku_idx ON inventory (warehouse_id, sku);
COMMIT;
