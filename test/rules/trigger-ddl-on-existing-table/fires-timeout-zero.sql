-- expect: trigger-ddl-on-existing-table@3
SET lock_timeout = 0;
DROP TRIGGER stock_audit ON stock;
