-- expect: unused-ignore@2, ban-drop-column@3
-- squawk-ignore ban-drop-colum
ALTER TABLE warehouses DROP COLUMN legacy_code; -- typo in the rule name above
