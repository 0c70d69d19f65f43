-- settings: {"rules": {"require-idle-in-transaction-timeout": "warning"}, "assumeInTransaction": true}
-- expect: none
SELECT set_config('idle_in_transaction_session_timeout', '1min', true);
ALTER TABLE orders ADD COLUMN region text;
