-- settings: {"rules": {"require-idle-in-transaction-timeout": "warning"}}
-- expect: require-idle-in-transaction-timeout@4, require-idle-in-transaction-timeout@7
SET LOCAL idle_in_transaction_session_timeout = '1min';
START TRANSACTION;
ALTER TABLE orders ADD COLUMN region text;
COMMIT;
BEGIN; ALTER TABLE orders ADD COLUMN tier text; COMMIT;
