ALTER TABLE products RENAME COLUMN unit_price_cents TO price_cents;
