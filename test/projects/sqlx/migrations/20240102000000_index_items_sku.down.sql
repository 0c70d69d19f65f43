-- no-transaction
DROP INDEX CONCURRENTLY items_sku_idx;
