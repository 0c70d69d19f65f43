-- settings: {"rules": {"require-idle-in-transaction-timeout": "warning"}}
-- expect: none
ALTER TABLE orders ADD COLUMN region text;
UPDATE orders SET region = 'eu';
