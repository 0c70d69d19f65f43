ALTER TABLE products RENAME COLUMN price_cents TO unit_price_cents;
