ALTER TABLE products DROP COLUMN discontinued;
