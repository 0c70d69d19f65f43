-- expect: require-concurrent-index-creation@2, require-concurrent-index-creation@3
CREATE UNIQUE INDEX inventory_sku_key ON inventory (warehouse_id, sku);
create index on inventory using btree (lower(sku)) where quantity > 0;
