-- expect: unused-ignore@3
SET lock_timeout = '2s';
-- safeshift-ignore ban-drop-column
ALTER TABLE warehouses ADD COLUMN city text;
