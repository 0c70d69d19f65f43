-- expect: none
-- safeshift-ignore ban-drop-column, require-lock-timeout
ALTER TABLE warehouses DROP COLUMN legacy_code;
