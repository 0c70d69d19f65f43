-- settings: {"rules": {"require-idle-in-transaction-timeout": "warning"}, "assumeInTransaction": true}
-- expect: require-idle-in-transaction-timeout@3
ALTER TABLE orders ADD COLUMN region text;
UPDATE orders SET region = 'eu';
