ALTER TABLE products ADD COLUMN sku text;
CREATE INDEX CONCURRENTLY products_sku_idx ON products (sku);
