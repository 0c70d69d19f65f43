-- expect: ban-drop-column@3, ban-drop-column@4
ALTER TABLE warehouses
  DROP COLUMN IF EXISTS legacy_code CASCADE,
  DROP old_city;
