-- settings: {"rules": {"require-idle-in-transaction-timeout": "warning"}, "postgresVersion": 17}
-- expect: none
SET transaction_timeout = '10min';
BEGIN;
ALTER TABLE orders ADD COLUMN region text;
COMMIT;
