-- settings: {"rules": {"require-idle-in-transaction-timeout": "warning"}, "postgresVersion": 16}
-- expect: require-idle-in-transaction-timeout@5
-- transaction_timeout arrived in PostgreSQL 17
SET transaction_timeout = '10min';
BEGIN;
ALTER TABLE orders ADD COLUMN region text;
COMMIT;
