-- settings: {"rules": {"require-idle-in-transaction-timeout": "warning"}}
-- expect: require-idle-in-transaction-timeout@4
SET idle_in_transaction_session_timeout = 0;
BEGIN;
ALTER TABLE orders ADD COLUMN region text;
COMMIT;
