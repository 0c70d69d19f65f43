-- settings: {"rules": {"require-table-schema": "warning"}}
-- expect: none
CREATE TABLE public.warehouses (id bigint PRIMARY KEY);
ALTER TABLE public.warehouses ADD COLUMN city text;
DROP TABLE IF EXISTS public.legacy_stock;
CREATE TEMP TABLE scratch (id bigint);
CREATE INDEX warehouses_city_idx ON public.warehouses (city);
