
-- no-transaction
CREATE INDEX CONCURRENTLY items_quantity_idx ON items (quantity);
