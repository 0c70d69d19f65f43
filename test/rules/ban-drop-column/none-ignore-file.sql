-- squawk-ignore-file ban-drop-column
-- expect: none
ALTER TABLE warehouses DROP COLUMN legacy_code;
ALTER TABLE menu DROP COLUMN legacy_code;
