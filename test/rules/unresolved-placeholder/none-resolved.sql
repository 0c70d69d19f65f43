-- settings: {"placeholders": {"schema": "kitchen"}}
-- expect: none, ban-drop-column@4
SET lock_timeout = '2s';
ALTER TABLE ${schema}.warehouses DROP COLUMN legacy_code;
