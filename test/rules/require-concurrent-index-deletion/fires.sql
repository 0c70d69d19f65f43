-- expect: require-concurrent-index-deletion@2, require-concurrent-index-deletion@3
DROP INDEX warehouses_city_idx;
DROP INDEX IF EXISTS public.warehouses_state_idx;
