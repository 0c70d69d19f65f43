-- settings: {"rules": {"require-idle-in-transaction-timeout": "warning"}}
-- expect: none
BEGIN;
SET LOCAL idle_in_transaction_session_timeout = '1min';
ALTER TABLE orders ADD COLUMN region text;
COMMIT;
