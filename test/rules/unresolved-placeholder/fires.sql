-- expect: unresolved-placeholder@3, ban-drop-column@3
SET lock_timeout = '2s';
ALTER TABLE ${schema}.warehouses DROP COLUMN legacy_code;
