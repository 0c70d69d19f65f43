-- expect: none
ALTER TABLE warehouses ADD COLUMN scratch text;
UPDATE warehouses SET city = scratch;
ALTER TABLE warehouses DROP COLUMN scratch;
