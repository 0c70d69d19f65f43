-- expect: ban-drop-column@3
SET lock_timeout = '2s';
ALTER TABLE warehouses DROP COLUMN legacy_code;
