-- settings: {"postgresVersion": 10}
-- expect: adding-required-field@3
ALTER TABLE IF EXISTS ONLY public.warehouses ADD COLUMN IF NOT EXISTS city text NOT NULL;
