-- expect: multiple-alter-table@5
-- settings: {"assumeInTransaction": true}
ALTER TABLE warehouses ADD COLUMN region text;
CREATE TABLE regions (code text PRIMARY KEY);
ALTER TABLE public.warehouses DROP COLUMN legacy_code; -- safeshift-ignore ban-drop-column
