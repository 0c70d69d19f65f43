-- settings: {"rules": {"require-idle-in-transaction-timeout": "warning"}}
-- expect: require-idle-in-transaction-timeout@3
BEGIN;
ALTER TABLE orders ADD COLUMN region text;
COMMIT;
