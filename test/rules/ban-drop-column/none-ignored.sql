-- expect: none
-- safeshift-ignore ban-drop-column -- unused since release 41
ALTER TABLE warehouses DROP COLUMN legacy_code;
