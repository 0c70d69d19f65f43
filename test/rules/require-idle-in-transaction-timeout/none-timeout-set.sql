-- settings: {"rules": {"require-idle-in-transaction-timeout": "warning"}}
-- expect: none
SET idle_in_transaction_session_timeout = '30s';
BEGIN;
ALTER TABLE orders ADD COLUMN region text;
COMMIT;
START TRANSACTION;
ALTER TABLE orders ADD COLUMN tier text;
COMMIT;
