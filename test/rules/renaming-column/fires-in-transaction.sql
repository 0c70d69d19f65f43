-- settings: {"assumeInTransaction": true}
-- expect: renaming-column@4
SET LOCAL lock_timeout = '2s';
ALTER TABLE IF EXISTS public.warehouses RENAME town TO city;
