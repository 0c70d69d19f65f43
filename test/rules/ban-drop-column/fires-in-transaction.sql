-- expect: ban-drop-column@3
BEGIN;
ALTER TABLE warehouses DROP COLUMN legacy_code;
COMMIT;
